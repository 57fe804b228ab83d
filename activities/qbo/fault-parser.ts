// Reading QuickBooks Fault envelopes into one shape: the data service's JSON `Fault`, the
// gateway's lowercase JSON `fault`, and the XML `<Fault>` (qbo-api.md §3). Parsing only: what a
// fault means is decided in errors.ts.

export type FaultError = { code: string; message: string; detail?: string; element?: string };
export type ParsedFault = { faultType: string | undefined; errors: FaultError[] };

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Reads `Fault` (data service) or lowercase `fault` (gateway) from a JSON body. */
export function parseJsonFault(body: unknown): ParsedFault | null {
  const root = obj(body);
  if (!root) return null;
  const upper = obj(root.Fault);
  if (upper) {
    const errors = (Array.isArray(upper.Error) ? upper.Error : []).map(obj).filter((e) => e !== undefined);
    return {
      faultType: str(upper.type),
      errors: errors.map((e) => ({
        code: str(e.code) ?? '',
        message: str(e.Message) ?? '',
        detail: str(e.Detail),
        element: str(e.element) || undefined,
      })),
    };
  }
  const lower = obj(root.fault);
  if (lower) {
    const errors = (Array.isArray(lower.error) ? lower.error : []).map(obj).filter((e) => e !== undefined);
    return {
      faultType: str(lower.type),
      errors: errors.map((e) => ({
        code: str(e.code) ?? '',
        message: str(e.message) ?? '',
        detail: str(e.detail),
        element: str(e.element) || undefined,
      })),
    };
  }
  return null;
}

const xmlText = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** Reads `<Fault type=…><Error code=…><Message/><Detail/></Error></Fault>` from an XML body. */
export function parseXmlFault(body: string): ParsedFault | null {
  const fault = /<Fault\b([^>]*)>([\s\S]*?)<\/Fault>/i.exec(body);
  if (!fault) return null;
  const faultType = /type="([^"]*)"/i.exec(fault[1] ?? '')?.[1];
  const errors: FaultError[] = [];
  for (const m of (fault[2] ?? '').matchAll(/<Error\b([^>]*)>([\s\S]*?)<\/Error>/gi)) {
    const attrs = m[1] ?? '';
    const inner = m[2] ?? '';
    const message = /<Message>([\s\S]*?)<\/Message>/i.exec(inner)?.[1];
    const detail = /<Detail>([\s\S]*?)<\/Detail>/i.exec(inner)?.[1];
    errors.push({
      code: /code="([^"]*)"/i.exec(attrs)?.[1] ?? '',
      message: message === undefined ? '' : xmlText(message),
      ...(detail === undefined ? {} : { detail: xmlText(detail) }),
      ...(/element="([^"]+)"/i.exec(attrs)?.[1] ? { element: /element="([^"]+)"/i.exec(attrs)?.[1] } : {}),
    });
  }
  return { faultType, errors };
}

/** A response body's fault, JSON or XML; null when it holds none. */
export function parseFault(bodyText: string): ParsedFault | null {
  const trimmed = bodyText.trim();
  if (trimmed.startsWith('{')) {
    try {
      return parseJsonFault(JSON.parse(trimmed));
    } catch {
      return null;
    }
  }
  if (trimmed.startsWith('<')) return parseXmlFault(trimmed);
  return null;
}
