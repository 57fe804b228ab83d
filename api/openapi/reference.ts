// The API reference as one server-rendered page, read from the OpenAPI document (no scripts,
// no CDN): every path and method with its parameters, body and responses.
import { html, type Html } from '../pages/html';
import { anchor, operationHtml, operationsOf, type Operation } from './operation-html';
import { prose, schemaBlock, type Json, type Schema } from './schema-html';

/** What the page shows of the document. */
type Reference = {
  title: string;
  description: string;
  openapi: string;
  /** The server's path prefix, without a trailing slash. */
  base: string;
  tags: string[];
  ops: Operation[];
  components: Record<string, Schema>;
};

function readDocument(doc: Json): Reference {
  const info = doc.info as { title: string; description?: string };
  return {
    title: info.title,
    description: info.description ?? '',
    openapi: doc.openapi as string,
    base: ((doc.servers as Array<{ url: string }>)[0]?.url ?? '').replace(/\/$/, ''),
    tags: (doc.tags as Array<{ name: string }>).map((t) => t.name),
    ops: operationsOf(doc.paths as Record<string, Record<string, Json>>),
    components: ((doc.components as Json).schemas ?? {}) as Record<string, Schema>,
  };
}

/** An operation belongs to its first tag. */
const taggedWith = (ops: Operation[], tag: string) => ops.filter((o) => (o.op.tags as string[])[0] === tag);

const tagId = (tag: string) => `tag-${tag.replace(/\W+/g, '-')}`;

/** Every operation, by tag, linked to its article. */
const navigation = (ref: Reference) =>
  html`<nav aria-label="Operations">
    <ul>
      ${ref.tags.map(
        (tag) =>
          html`<li>
            ${tag}
            <ul>
              ${taggedWith(ref.ops, tag).map(
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
  </nav>`;

const tagSection = (ref: Reference, tag: string) =>
  html`<section aria-labelledby="${tagId(tag)}">
    <h2 id="${tagId(tag)}">${tag}</h2>
    ${taggedWith(ref.ops, tag).map((o) => operationHtml(o, ref.base, ref.components))}
  </section>`;

const schemasSection = (components: Record<string, Schema>) =>
  html`<section aria-labelledby="schemas-h">
    <h2 id="schemas-h">Schemas</h2>
    ${Object.entries(components).map(
      ([name, s]) =>
        html`<article id="schema-${name}">
          <h3>${name}</h3>
          ${s.description ? html`<p>${s.description}</p>` : ''}${schemaBlock(s)}
        </article>`,
    )}
  </section>`;

export function renderReference(doc: Json): { title: string; body: Html } {
  const ref = readDocument(doc);
  const body = html`<h1>${ref.title} reference</h1>
    <p>
      ${prose(ref.description)} The machine-readable document is
      <a href="${ref.base}/openapi.json">${ref.base}/openapi.json</a> (OpenAPI ${ref.openapi}).
    </p>
    ${navigation(ref)} ${ref.tags.map((tag) => tagSection(ref, tag))} ${schemasSection(ref.components)}`;
  return { title: `${ref.title} reference`, body };
}
