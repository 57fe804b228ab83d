// The page header (company name top left), connect / reconnect / disconnect.
import { unsupportedCompanyReason } from '../../../activities/qbo/company-kind';
import { pagePath, type PageSession } from '../access';
import { postForm, type PageContext } from '../context';
import { html, type Html } from '../html';

export function pageHeader(ctx: PageContext, session: PageSession | null): Html {
  const connected = ctx.connection && ctx.connection.status !== 'disconnected';
  const company = connected ? (ctx.connection?.companyName ?? 'QuickBooks company') : 'QuickBooks Online';
  return html`<header class="top">
    <div>
      <div class="company" id="company-name">${company}</div>
      <div class="where">
        ${connected ? 'QuickBooks Online company connected to' : 'Not connected ·'} BPro account
        ${ctx.tenant.name}
      </div>
    </div>
    ${
      session
        ? postForm(
            ctx,
            '/sign-out',
            html`<span class="where"
                >${session.via === 'token' ? 'Signed in as BPro support' : 'Signed in from BPro'}</span
              >
              <button type="submit" class="secondary small">Sign out</button>`,
          )
        : ''
    }
  </header>`;
}

export const featureOffSection = () =>
  html`<section aria-labelledby="off-h">
    <h2 id="off-h">QuickBooks Online sync is not switched on</h2>
    <p>
      QuickBooks Online sync is not enabled for this account. Contact BPro support to switch it on; they will
      help you set it up.
    </p>
  </section>`;

export const connectSection = (ctx: PageContext) =>
  html`<section aria-labelledby="connect-h">
    <h2 id="connect-h">Connect QuickBooks Online</h2>
    <p>
      When you press the button, Intuit asks you to sign in to QuickBooks and choose the one company BPro
      should send your customers, orders, payments and products to; you then come back to this page to choose
      the options and start the first sync.
    </p>
    ${postForm(ctx, '/connect', html`<button type="submit">Connect to QuickBooks</button>`)}
  </section>`;

export const reconnectBanner = (ctx: PageContext) =>
  html`<div class="notice warn" role="alert" id="reconnect">
    <h2>QuickBooks needs you to reconnect</h2>
    <p>
      BPro can no longer reach
      ${ctx.connection?.companyName ?? 'your QuickBooks company'}${
        ctx.connection?.lastError ? html`: ${ctx.connection.lastError}` : '.'
      }
      Changes wait and are sent once you reconnect; nothing is lost.
    </p>
    ${postForm(ctx, '/connect', html`<button type="submit">Reconnect to QuickBooks</button>`)}
  </div>`;

export function disconnectSection(ctx: PageContext, confirming: boolean): Html {
  const company = ctx.connection?.companyName ?? 'QuickBooks';
  return html`<section aria-labelledby="connection-h" id="connection">
    <h2 id="connection-h">Connection</h2>
    ${
      confirming
        ? html`<div class="notice warn" role="alert">
            <p>
              <strong>Disconnect from ${company}?</strong> BPro stops sending changes to QuickBooks. Records
              already in QuickBooks stay there. You can connect again later.
            </p>
            ${postForm(ctx, '/disconnect', html`<button type="submit" class="danger" autofocus>Yes, disconnect</button> <a class="button secondary" href="${ctx.base}#connection">Cancel</a>`)}
          </div>`
        : html`<p>
              Connected to
              <strong>${company}</strong
              >${ctx.connection?.connectedAt ? html` since ${ctx.connection.connectedAt.toISOString().slice(0, 10)}` : ''}.
            </p>
            ${companyKindTable(ctx)}
            <p>
              <a class="button secondary" href="${ctx.base}?confirm=disconnect#connection"
                >Disconnect QuickBooks…</a
              >
            </p>`
    }
  </section>`;
}

/** The company's kind, read at connect (blank for a connection made before it was read). */
function companyKindTable(ctx: PageContext): Html {
  const c = ctx.connection;
  const unknown = html`<span class="hint">not read yet (reconnect to read it)</span>`;
  const row = (label: string, id: string, value: string | Html | null | undefined) =>
    html`<tr>
      <th scope="row">${label}</th>
      <td id="${id}">${value ?? unknown}</td>
    </tr>`;
  const multicurrency =
    c?.multicurrency === null || c?.multicurrency === undefined
      ? null
      : c.multicurrency
        ? `On: invoices, payments and refunds are sent in ${c.homeCurrency ?? 'the home currency'}`
        : 'Off';
  const blocked = c?.blockedKind
    ? html`<strong class="error"
          >Blocked since ${c.blockedSince?.toISOString().slice(0, 16).replace('T', ' ') ?? '?'}:</strong
        >
        ${c.blockedReason ?? c.blockedKind}`
    : 'No: QuickBooks accepts changes';
  return html`<table class="company-kind" aria-label="QuickBooks company">
    ${row('Blocked', 'company-blocked', c ? blocked : null)} ${row('Country', 'company-country', c?.country)}
    ${row('Home currency', 'company-currency', c?.homeCurrency)}
    ${row('Multicurrency', 'company-multicurrency', multicurrency)}
    ${row('Subscription', 'company-subscription', c?.subscriptionStatus)}
  </table>`;
}

/** Where the callback sends a page-started connect to a company the sync does not serve. */
export const unsupportedCompanyPage = (tenantId: string, country: string) =>
  `${pagePath(tenantId)}?unsupported=${encodeURIComponent(country)}#connect-h`;

/** The refusal, shown above the connect section after such a connect (none for a US country). */
export function unsupportedCompanyNotice(country: string): Html | null {
  const reason = unsupportedCompanyReason({ country });
  if (reason === null) return null;
  return html`<div class="notice error" role="alert" id="unsupported-company">
    <p><strong>${reason}</strong></p>
    <p>Nothing was connected. Connect a US or Canadian QuickBooks company instead.</p>
  </div>`;
}
