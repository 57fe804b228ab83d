// The API reference as one server-rendered page, read from the OpenAPI document (no scripts,
// no CDN): every path and method with its parameters, body and responses.
import { html, type Html } from '../pages/html';

type Json = Record<string, unknown>;
type Schema = Json & {
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
const prose = (text: string): Html =>
  html`${text.split('`').map((part, i) => (i % 2 ? html`<code>${part}</code>` : part))}`;

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** A one-line type: `string (date) or null`, `one of "a", "b"`, a link to a named schema. */
function typeOf(s: Schema): Html {
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
function schemaBlock(s: Schema): Html {
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

const jsonSchemaOf = (content: unknown): Schema | null => {
  const c = content as Record<string, { schema?: Schema }> | undefined;
  return c?.['application/json']?.schema ?? null;
};

export function renderReference(doc: Json): { title: string; body: Html } {
  const info = doc.info as { title: string; description?: string };
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const components = ((doc.components as Json).schemas ?? {}) as Record<string, Schema>;
  const base = ((doc.servers as Array<{ url: string }>)[0]?.url ?? '').replace(/\/$/, '');
  const tags = (doc.tags as Array<{ name: string }>).map((t) => t.name);

  const ops = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const anchor = (method: string, path: string) => `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

  const operationHtml = ({ path, method, op }: (typeof ops)[number]) => {
    const params = (op.parameters ?? []) as Array<{
      name: string;
      in: string;
      required: boolean;
      description?: string;
      schema: Schema;
    }>;
    const security = op.security as Array<Record<string, unknown>>;
    const auth =
      security.length === 0
        ? 'none'
        : Object.keys(security[0] ?? {})[0] === 'apiToken'
          ? 'Bearer API token'
          : 'X-BPro-Signature header';
    const body = jsonSchemaOf((op.requestBody as Json | undefined)?.content);
    const responses = op.responses as Record<string, { description: string; content?: unknown }>;
    return html`<article id="${anchor(method, path)}" class="op">
      <h3><code>${method.toUpperCase()} ${base}${path}</code></h3>
      <p>${prose(op.summary as string)}</p>
      ${op.description ? html`<p class="hint">${prose(op.description as string)}</p>` : ''}
      <p><strong>Authentication:</strong> ${auth}</p>
      ${
        params.length
          ? html`<h4>Parameters</h4>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">In</th>
                    <th scope="col">Required</th>
                    <th scope="col">Type</th>
                  </tr>
                </thead>
                <tbody>
                  ${params.map(
                    (p) =>
                      html`<tr>
                        <td><code>${p.name}</code></td>
                        <td>${p.in}</td>
                        <td>${p.required ? 'yes' : 'no'}</td>
                        <td>${typeOf(p.schema)}${p.description ? html` — ${prose(p.description)}` : ''}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : ''
      }
      ${
        body
          ? html`<h4>Request body (JSON)</h4>
              ${body.$ref ? schemaBlock(components[refName(body.$ref)] ?? body) : schemaBlock(body)}`
          : ''
      }
      <h4>Responses</h4>
      <dl>
        ${Object.entries(responses).map(([status, r]) => {
          const schema = jsonSchemaOf(r.content);
          return html`<dt><code>${status}</code> ${prose(r.description)}</dt>
            <dd>${schema ? (schema.$ref ? typeOf(schema) : schemaBlock(schema)) : ''}</dd>`;
        })}
      </dl>
    </article>`;
  };

  const body = html`<h1>${info.title} reference</h1>
    <p>
      ${prose(info.description ?? '')} The machine-readable document is
      <a href="${base}/openapi.json">${base}/openapi.json</a> (OpenAPI ${doc.openapi as string}).
    </p>
    <nav aria-label="Operations">
      <ul>
        ${tags.map(
          (tag) =>
            html`<li>
              ${tag}
              <ul>
                ${ops
                  .filter((o) => (o.op.tags as string[])[0] === tag)
                  .map(
                    (o) =>
                      html`<li>
                        <a href="#${anchor(o.method, o.path)}"
                          ><code>${o.method.toUpperCase()} ${o.path}</code></a
                        >
                      </li>`,
                  )}
              </ul>
            </li>`,
        )}
      </ul>
    </nav>
    ${tags.map(
      (tag) =>
        html`<section aria-labelledby="tag-${tag.replace(/\W+/g, '-')}">
          <h2 id="tag-${tag.replace(/\W+/g, '-')}">${tag}</h2>
          ${ops.filter((o) => (o.op.tags as string[])[0] === tag).map(operationHtml)}
        </section>`,
    )}
    <section aria-labelledby="schemas-h">
      <h2 id="schemas-h">Schemas</h2>
      ${Object.entries(components).map(
        ([name, s]) =>
          html`<article id="schema-${name}">
            <h3>${name}</h3>
            ${s.description ? html`<p>${s.description}</p>` : ''}${schemaBlock(s)}
          </article>`,
      )}
    </section>`;
  return { title: `${info.title} reference`, body };
}
