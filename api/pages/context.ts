import type { QboConnectionRow } from '../../db/queries/qbo-connections';
import type { Tenant } from '../../db/queries/tenants';
import { html, type Html } from './html';

/** What every section of the management page knows. */
export type PageContext = {
  tenant: Tenant;
  connection: QboConnectionRow | null;
  /** The page's path, e.g. /tenants/acme/quickbooks. */
  base: string;
  csrf: string;
};

/** The hidden anti-forgery field of every form. */
export const csrfField = (ctx: PageContext) => html`<input type="hidden" name="csrf" value="${ctx.csrf}" />`;

/** A POST form with its CSRF field. */
export const postForm = (ctx: PageContext, action: string, body: Html | Html[], extra = '') =>
  html`<form method="post" action="${ctx.base}${action}" ${extra ? html`class="${extra}"` : ''}>
    ${csrfField(ctx)}${body}
  </form>`;
