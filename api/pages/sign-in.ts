// The 401 page: how to get in (the link from BPro), and support's sign-in with the API token.
import type { Response } from 'express';
import { pagePath } from './access';
import { html, sendPage } from './html';

export function signInPage(res: Response, tenantId: string, status: number, problem?: string) {
  sendPage(res, {
    status,
    title: 'Sign in · QuickBooks',
    body: html`<h1>Sign in to the QuickBooks page</h1>
      ${problem ? html`<p class="notice error" role="alert">${problem}</p>` : ''}
      <p>
        Open this page from BPro: <strong>Customize → More → QuickBooks Management</strong>. The link there
        signs you in for a few hours.
      </p>
      <section aria-labelledby="support-h">
        <h2 id="support-h">BPro support</h2>
        <form method="post" action="${pagePath(tenantId)}/sign-in">
          <label for="token">API token</label>
          <p class="hint" id="token-hint">
            Support staff can sign in to this account's page with the service's API token.
          </p>
          <input
            type="password"
            id="token"
            name="token"
            autocomplete="current-password"
            required
            aria-describedby="token-hint"
          />
          <button type="submit">Sign in</button>
        </form>
      </section>`,
  });
}
