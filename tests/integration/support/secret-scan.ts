// Looking for secrets in what a run left behind (issue 16 item 4): every form a secret leaks in
// (itself, percent-encoded, JSON-escaped, base64, or any piece of it: a truncated copy) in
// every text of every source. A finding names the source, the secret and the form it was found
// in, and shows the text around it with the secrets masked.
export type Secret = {
  /** What it is, for the finding (e.g. `refresh token #2`). */
  name: string;
  value: string;
  /** Further forms it takes, each scanned for verbatim (e.g. a key in hex besides base64). */
  forms?: { form: string; value: string }[];
};

export type Finding = { source: string; secret: string; form: string; context: string };

type Needle = { secret: string; form: string; needle: string };

/** Shorter than this, a secret could match by chance; the run's secrets are all longer. */
const MIN_SECRET_LENGTH = 16;
/** Any copy of 2 × PIECE - 1 characters of a long secret (a truncated one) holds a whole piece. */
const PIECE = 24;

/** Back-to-back pieces of a long secret, the last one flush with its end. */
function piecesOf(value: string): { form: string; value: string }[] {
  if (value.length < PIECE * 2) return [];
  const starts = new Set<number>();
  for (let at = 0; at + PIECE <= value.length; at += PIECE) starts.add(at);
  starts.add(value.length - PIECE);
  return [...starts].map((at) => ({ form: `piece at ${at}`, value: value.slice(at, at + PIECE) }));
}

/** Every needle a secret is looked for as (without duplicates). */
export function needlesOf(secret: Secret): Needle[] {
  const { name, value } = secret;
  if (value.length < MIN_SECRET_LENGTH)
    throw new Error(`the secret "${name}" is too short (${value.length}) to be looked for distinctively`);
  const forms: { form: string; value: string }[] = [
    { form: 'verbatim', value },
    { form: 'percent-encoded', value: encodeURIComponent(value) },
    { form: 'JSON-escaped', value: JSON.stringify(value).slice(1, -1) },
    { form: 'base64', value: Buffer.from(value).toString('base64').replace(/=+$/, '') },
    { form: 'base64url', value: Buffer.from(value).toString('base64url') },
    ...(secret.forms ?? []),
    ...piecesOf(value),
  ];
  const seen = new Set<string>();
  const needles: Needle[] = [];
  for (const { form, value: needle } of forms) {
    if (needle.length < MIN_SECRET_LENGTH || seen.has(needle)) continue;
    seen.add(needle);
    needles.push({ secret: name, form, needle });
  }
  return needles;
}

const CONTEXT = 60;

/** The text around a hit, every form and piece of a secret in it masked as «name». */
function contextOf(text: string, at: number, length: number, needles: Needle[]): string {
  let context = text.slice(Math.max(0, at - CONTEXT), at + length + CONTEXT);
  for (const n of needles) context = context.split(n.needle).join(`«${n.secret}»`);
  return context;
}

export class SecretScanner {
  private readonly needles: Needle[];

  constructor(secrets: Secret[]) {
    // A piece two secrets share (the fixed header of every access token) says nothing: dropped.
    const shared = (n: Needle) =>
      n.form.startsWith('piece') && secrets.some((s) => s.name !== n.secret && s.value.includes(n.needle));
    this.needles = secrets.flatMap(needlesOf).filter((n) => !shared(n));
  }

  /** The secrets (by name) this scanner looks for. */
  get names(): string[] {
    return [...new Set(this.needles.map((n) => n.secret))];
  }

  /** Each secret found in `text`, once, in the first of its forms found (verbatim before pieces). */
  scan(source: string, text: string): Finding[] {
    const findings: Finding[] = [];
    const found = new Set<string>();
    for (const n of this.needles) {
      if (found.has(n.secret)) continue;
      const at = text.indexOf(n.needle);
      if (at < 0) continue;
      found.add(n.secret);
      const context = contextOf(text, at, n.needle.length, this.needles);
      findings.push({ source, secret: n.secret, form: n.form, context });
    }
    return findings;
  }

  /** scan() over several texts of one kind (`source: label` names each). */
  scanAll(source: string, texts: readonly { label: string; text: string }[]): Finding[] {
    return texts.flatMap(({ label, text }) => this.scan(`${source}: ${label}`, text));
  }
}

/** One line per finding, for an assertion's diff. */
export const describeFindings = (findings: Finding[]) =>
  findings.map((f) => `${f.source} holds the ${f.secret} (${f.form}): …${f.context}…`);
