// One operation of the API reference: its method and path, authentication, parameters, request
// body and responses.
import { html } from '../pages/html';
import { jsonSchemaOf, prose, refName, schemaBlock, typeOf, type Json, type Schema } from './schema-html';

/** One method of one path, as the OpenAPI document lists it. */
export type Operation = { path: string; method: string; op: Json };

type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema };

/** Every operation of the document, in the document's order. */
export const operationsOf = (paths: Record<string, Record<string, Json>>): Operation[] =>
  Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );

/** The operation's id in the page (the navigation links to it). */
export const anchor = (method: string, path: string) => `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

function authOf(op: Json): string {
  const security = op.security as Array<Record<string, unknown>>;
  if (security.length === 0) return 'none';
  return Object.keys(security[0] ?? {})[0] === 'apiToken' ? 'Bearer API token' : 'X-BPro-Signature header';
}

const parametersTable = (params: Parameter[]) =>
  html`<h4>Parameters</h4>
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
    </table>`;

/** The JSON request body's fields (a named schema is shown expanded). */
const requestBody = (body: Schema, components: Record<string, Schema>) =>
  html`<h4>Request body (JSON)</h4>
    ${body.$ref ? schemaBlock(components[refName(body.$ref)] ?? body) : schemaBlock(body)}`;

function responsesList(op: Json) {
  const responses = op.responses as Record<string, { description: string; content?: unknown }>;
  return html`<dl>
    ${Object.entries(responses).map(([status, r]) => {
      const schema = jsonSchemaOf(r.content);
      return html`<dt><code>${status}</code> ${prose(r.description)}</dt>
        <dd>${schema ? (schema.$ref ? typeOf(schema) : schemaBlock(schema)) : ''}</dd>`;
    })}
  </dl>`;
}

/** The operation's article; `base` is the server's path prefix. */
export function operationHtml(
  { path, method, op }: Operation,
  base: string,
  components: Record<string, Schema>,
) {
  const params = (op.parameters ?? []) as Parameter[];
  const body = jsonSchemaOf((op.requestBody as Json | undefined)?.content);
  return html`<article id="${anchor(method, path)}" class="op">
    <h3><code>${method.toUpperCase()} ${base}${path}</code></h3>
    <p>${prose(op.summary as string)}</p>
    ${op.description ? html`<p class="hint">${prose(op.description as string)}</p>` : ''}
    <p><strong>Authentication:</strong> ${authOf(op)}</p>
    ${params.length ? parametersTable(params) : ''} ${body ? requestBody(body, components) : ''}
    <h4>Responses</h4>
    ${responsesList(op)}
  </article>`;
}
