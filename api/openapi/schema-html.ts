// How the API reference shows a JSON schema: a one-line type, or an object's fields as a list.
import { html, type Html } from '../pages/html';

export type Json = Record<string, unknown>;
export type Schema = Json & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  const?: unknown;
  format?: string;
  description?: string;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  default?: unknown;
};

/** Text with `backtick` spans shown as code. */
export const prose = (text: string): Html =>
  html`${text.split('`').map((part, i) => (i % 2 ? html`<code>${part}</code>` : part))}`;

export const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** A one-line type: `string (date) or null`, `one of "a", "b"`, a link to a named schema. */
export function typeOf(s: Schema): Html {
  if (s.$ref) return html`<a href="#schema-${refName(s.$ref)}">${refName(s.$ref)}</a>`;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return html`${alts.map((a, i) => html`${i ? ' or ' : ''}${typeOf(a)}`)}`;
  if (s.const !== undefined) return html`<code>${JSON.stringify(s.const)}</code>`;
  if (s.enum)
    return html`one of ${s.enum.map((v, i) => html`${i ? ', ' : ''}<code>${JSON.stringify(v)}</code>`)}`;
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['any'];
  return html`${types.map((t, i) => {
    const sep = i ? ' or ' : '';
    if (t === 'array' && s.items) return html`${sep}array of ${typeOf(s.items)}`;
    if (t === 'object' && !s.properties && s.propertyNames && typeof s.additionalProperties === 'object')
      return html`${sep}map of ${typeOf(s.propertyNames)} to ${typeOf(s.additionalProperties)}`;
    return html`${sep}${t}${t === 'string' && s.format ? ` (${s.format})` : ''}`;
  })}`;
}

/** An object's fields as a list (nested objects indented); anything else as its type. */
export function schemaBlock(s: Schema): Html {
  if (!s.properties) {
    if (s.type === 'object' && typeof s.additionalProperties === 'object' && s.propertyNames)
      return html`<p>${typeOf(s)}</p>
        ${s.additionalProperties.properties ? schemaBlock(s.additionalProperties) : ''}`;
    return html`<p>${typeOf(s)}</p>`;
  }
  const required = new Set(s.required ?? []);
  return html`<ul class="fields">
    ${Object.entries(s.properties).map(
      ([name, p]) =>
        html`<li>
          <code>${name}</code>${required.has(name) ? '' : html` <span class="hint">optional</span>`}:
          ${typeOf(p)}${
            p.default !== undefined
              ? html` <span class="hint">default <code>${JSON.stringify(p.default)}</code></span>`
              : ''
          }${p.description ? html` — ${prose(p.description)}` : ''}${
            p.properties ? schemaBlock(p) : p.items?.properties ? schemaBlock(p.items) : ''
          }
        </li>`,
    )}
  </ul>`;
}

export const jsonSchemaOf = (content: unknown): Schema | null => {
  const c = content as Record<string, { schema?: Schema }> | undefined;
  return c?.['application/json']?.schema ?? null;
};
