// Building QBO query statements safely (qbo-api.md §2.6): quoted literals escape backslashes
// and single quotes with a backslash; the whole statement is URL-encoded by the client.

export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export type Condition = {
  field: string;
  op: '=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN';
  value: string | number | boolean | Array<string | boolean>;
};

function literal(value: Condition['value']): string {
  if (Array.isArray(value))
    return `(${value.map((v) => (typeof v === 'string' ? quote(v) : String(v))).join(', ')})`;
  if (typeof value === 'string') return quote(value);
  return String(value);
}

/** `select * from Entity [where a and b] [orderby ...] startposition n maxresults m`. */
export function buildQuery(
  entity: string,
  options: { where?: Condition[]; orderBy?: string; start?: number; max?: number; count?: boolean } = {},
): string {
  const parts = [`select ${options.count ? 'count(*)' : '*'} from ${entity}`];
  if (options.where?.length)
    parts.push(`where ${options.where.map((c) => `${c.field} ${c.op} ${literal(c.value)}`).join(' and ')}`);
  if (options.orderBy) parts.push(`orderby ${options.orderBy}`);
  if (options.start !== undefined) parts.push(`startposition ${options.start}`);
  if (options.max !== undefined) parts.push(`maxresults ${options.max}`);
  return parts.join(' ');
}
