// A tiny HTML builder: `html` escapes every interpolated value unless it is already Html, so a
// page cannot inject what a record, a company name or an error message contains.
import type { Response } from 'express';
import { cspNonce } from '../middleware/security-headers';

export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | Part[];

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.value;
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => (out += render(v) + (strings[i + 1] ?? '')));
  return new Html(out);
}

/** Trusted markup, e.g. an inline script's body. Never pass user data. */
export const trusted = (s: string) => new Html(s);

const styles = `
:root { color-scheme: light; --ink: #1b1f23; --muted: #4a5560; --line: #c9d1d9; --brand: #0b5cad;
  --ok: #17663a; --bad: #a4161a; --warn: #7a4b00; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
a { color: var(--brand); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header.top { display: flex; justify-content: space-between; align-items: center; gap: 1rem;
  padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--bg); }
header.top .company { font-weight: 700; font-size: 1.15rem; }
header.top .where { color: var(--muted); font-size: .9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
section { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 1.25rem 0; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; } h2 { font-size: 1.25rem; margin: 0 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
.notice { border-left: 5px solid var(--ok); background: #eef8f1; padding: .6rem 1rem; margin: 1rem 0; }
.notice.error { border-color: var(--bad); background: #fdeeee; }
.notice.warn { border-color: var(--warn); background: #fff6e0; }
button, .button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--brand);
  background: var(--brand); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--brand); }
button.danger { background: var(--bad); border-color: var(--bad); }
button.small { padding: .2rem .6rem; font-size: .9rem; }
label { font-weight: 600; } .hint { color: var(--muted); font-size: .92rem; margin: .2rem 0 .6rem; }
input[type=date], input[type=password], select { font: inherit; padding: .35rem .5rem; border: 1px solid #6b7680; border-radius: 4px; }
fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 1rem 0; padding: .5rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.methods { list-style: none; padding: 0; margin: 0; } .methods li { padding: .3rem 0; border-bottom: 1px dashed var(--line); }
.methods label { font-weight: 400; }
.match { font-size: .9rem; margin-left: 1.6rem; display: block; }
.match.ok { color: var(--ok); } .match.missing { color: var(--bad); }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; } .status.failed { color: var(--bad); } .status.warning { color: var(--warn); }
.status.needs_attention { color: var(--warn); }
.bulk { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; margin-bottom: .75rem; }
.status.created, .status.updated, .status.linked, .status.voided { color: var(--ok); }
.filters { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; margin-bottom: .75rem; }
.filters div { display: flex; flex-direction: column; }
progress { width: 10rem; }
code { background: var(--bg); padding: 0 .25rem; border-radius: 3px; }
.inline { display: inline; }
ul.fields { margin: .25rem 0 .5rem; padding-left: 1.25rem; } article.op { border-top: 1px solid var(--line); padding-top: .5rem; }
h4 { margin: .75rem 0 .25rem; font-size: 1rem; } dd { margin: 0 0 .5rem 1.5rem; } nav ul { columns: 2; }
`;

/**
 * A whole page. The response's CSP nonce (middleware/security-headers.ts, which sends the policy
 * and the other security headers) lets exactly our inline style and script run.
 */
export function sendPage(
  res: Response,
  options: { status?: number; title: string; header?: Html; body: Html; script?: string },
) {
  const nonce = cspNonce(res);
  res.set('Cache-Control', 'no-store');
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title}</title>
        <style nonce="${nonce}">
          ${trusted(styles)}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        ${options.header ?? ''}
        <main id="main" tabindex="-1">${options.body}</main>
        ${
          options.script
            ? html`<script nonce="${nonce}">
                ${trusted(options.script)};
              </script>`
            : ''
        }
      </body>
    </html>`;
  res
    .status(options.status ?? 200)
    .type('html')
    .send(page.value);
}

/** A short page with a heading and a sentence or two (errors, sign-in, results). */
export function sendMessagePage(
  res: Response,
  status: number,
  title: string,
  text: string | Html,
  extra: Html | string = '',
) {
  sendPage(res, {
    status,
    title,
    body: html`<h1>${title}</h1>
      <p>${text}</p>
      ${extra}`,
  });
}

export const formatTime = (iso: string | Date | null) => {
  if (!iso) return '';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
};
