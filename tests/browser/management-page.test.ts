// The QuickBooks Management page in a real browser (Debian's Chromium via playwright-core): sign
// in through a signed link, connect through the emulator's consent, set the options, run the
// initial sync and watch it finish, find a failure in the transaction log, fix its cause in
// QuickBooks and re-run it, re-run every failure at once. Screenshots of each state go to
// docs/screenshots/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPageLink } from '../../api/pages/access';
import { listRecordsWhoseLatest } from '../../db/queries/latest-log';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { API_TOKEN } from '../integration/support/qbo-stack';
import { connectTestTemporal } from '../integration/support/temporal';
import { launchChromium, screenshotPath } from './support/browser';
import { startPageStack, type PageStack } from './support/page-stack';

const COMPANY = 'Party Rentals LLC';
/** Text as the browser shows it (the markup's line breaks collapse). */
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('QuickBooks Management page', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let env: PageStack;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const url = (path = '') => `${env.stack.apiUrl}/tenants/${env.tenantId}/quickbooks${path}`;
  const shot = (name: string) => page.screenshot({ path: screenshotPath(name), fullPage: true });

  beforeAll(async () => {
    [database, temporal, chromium] = await Promise.all([
      openTestDatabase(),
      connectTestTemporal(),
      launchChromium(),
    ]);
    env = await startPageStack(database, temporal);
    page = await chromium.context.newPage();
  });
  afterAll(async () => {
    await chromium?.close();
    await env?.close();
    await temporal?.close();
    await database?.close();
  });

  it('refuses a visitor without a session and explains how to get in', async () => {
    const res = await page.goto(url());
    expect(res?.status()).toBe(401);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Sign in');
    expect(await page.content()).not.toContain(API_TOKEN);
    await shot('01-sign-in');

    const forged = await page.goto(`${url()}?t=9999999999&sig=forged`);
    expect(forged?.status()).toBe(401);
    const expired = signPageLink(API_TOKEN, env.tenantId, { ttlSeconds: -60 });
    expect((await page.goto(`${env.stack.apiUrl}${expired}`))?.status()).toBe(401);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('expired');
  });

  it('signs in through a signed link and connects through the consent page', async () => {
    const res = await page.goto(`${env.stack.apiUrl}${signPageLink(API_TOKEN, env.tenantId)}`);
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(url()); // the clean URL: the signature does not stay in history
    const cookies = await chromium.context.cookies();
    const session = cookies.find((c) => c.name === 'qbo_page_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    const content = await page.content();
    expect(content).not.toContain(API_TOKEN);
    expect(content).not.toContain(session?.value ?? '-');
    await page.getByRole('heading', { name: 'Connect QuickBooks Online' }).waitFor();
    await shot('02-connect');

    env.stack.emulator.state.store.pendingRealmId = await env.stack.createRealm(COMPANY);
    await page.getByRole('button', { name: 'Connect to QuickBooks' }).click();
    await page.waitForURL(/done=connected/);
    expect(squash(await page.locator('#company-name').textContent())).toBe(COMPANY);
    await page.getByRole('heading', { name: 'Options' }).waitFor();
  });

  it('shows the payment-method matches and saves the options', async () => {
    const debit = page.locator('li', { has: page.getByLabel('Debit', { exact: true }) });
    await expect(debit.textContent()).resolves.toContain('no payment method named exactly “Debit”');
    const cash = page.locator('li', { has: page.getByLabel('Cash', { exact: true }) });
    await expect(cash.textContent()).resolves.toContain('QuickBooks has a payment method named “Cash”');

    // Only cash-based accounts are offered for refunds.
    const offered = (await page.locator('#refundAccountId option').allTextContents()).map(squash);
    expect(offered.slice(1).length).toBeGreaterThan(0);
    for (const text of offered.slice(1)) expect(text).toMatch(/\((Bank|Other Current Asset)\)$/);

    await page.getByLabel('Refund account').selectOption({ label: 'Checking (Bank)' });
    await page.getByLabel('Amex', { exact: true }).uncheck();
    await page.getByLabel('Account', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Save options' }).click();
    await page.waitForURL(/done=saved/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Options saved');
    expect(await page.getByLabel('Amex', { exact: true }).isChecked()).toBe(false);
    expect(await page.getByLabel('Debit', { exact: true }).isChecked()).toBe(true);
    expect(squash(await page.locator('#refundAccountId option:checked').textContent())).toBe(
      'Checking (Bank)',
    );

    const settings = (await (await env.stack.api(`/api/v1/tenants/${env.tenantId}/qbo/settings`)).json()) as {
      refundAccount: { name: string } | null;
      paymentMethods: Array<{ name: string; enabled: boolean }>;
    };
    expect(settings.refundAccount?.name).toBe('Checking');
    expect(settings.paymentMethods.find((m) => m.name === 'Amex')?.enabled).toBe(false);
    await shot('03-options');
  });

  it('starts the initial sync and shows its progress, then the summary', async () => {
    await expect(page.locator('#initial-sync').textContent()).resolves.toContain('apply to this sync');
    await page.getByRole('button', { name: 'Start initial sync' }).click();
    await page.waitForURL(/done=sync-started/);
    // The first poll (after 2 s) fills in the counts; a tiny dataset may finish about then.
    await expect
      .poll(
        async () =>
          (await page.locator('#sync-summary').count()) > 0 ||
          /\d/.test(
            (await page.locator('tr[data-entity="paymentMethod"] [data-k="total"]').textContent()) ?? '',
          ),
        { timeout: 30_000, interval: 200 },
      )
      .toBe(true);
    await page.locator('#initial-sync').screenshot({ path: screenshotPath('04-initial-sync-running') });
    // The inline script polls the status every 2 s and reloads the page once the sync ends.
    await page.locator('#sync-summary').waitFor({ timeout: 90_000 });
    expect(squash(await page.locator('#sync-status').textContent())).toBe('Completed');
    const customers = page.locator('tr[data-entity="customer"] [data-k="total"]');
    expect(Number(squash(await customers.textContent()))).toBe(env.dataset.customers.length);
    await shot('05-initial-sync-done');
  });

  it('shows a failed payment, re-runs it once its cause is fixed, and it succeeds', async () => {
    const debit = env.dataset.paymentMethods.find((m) => m.name === 'Debit');
    const debitPayment = env.dataset.payments.find(
      (p) => p.paymentMethodId === debit?.id && p.status === 'posted',
    );
    expect(debitPayment, 'the dataset has a posted Debit payment').toBeDefined();
    const id = debitPayment?.id ?? '';

    await page.getByLabel('Status').selectOption('failed');
    await page.getByLabel('Record type').selectOption('payment');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=failed/);
    const row = page.locator('#log tbody tr', { has: page.getByText(id, { exact: true }) }).first();
    await expect(row.textContent()).resolves.toContain('Debit');
    // The link opens the workflow that wrote the entry (here a child of the initial sync).
    expect(await row.getByRole('link', { name: /in Temporal/ }).getAttribute('href')).toMatch(
      /^http:\/\/127\.0\.0\.1:8233\/namespaces\/default\/workflows\/initial-sync/,
    );
    await page.locator('#log').screenshot({ path: screenshotPath('06-log-failure') });

    // The fix, in QuickBooks: create the payment method BPro's payments use.
    await env.stack.qbo.clientFor(env.tenantId).create('PaymentMethod', { Name: 'Debit' }, `debit-${id}`);

    await row.getByRole('button', { name: /Re-run/ }).click();
    await page.waitForURL(/done=rerun/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Re-run requested');

    // The payment's newest entry says it was created in QuickBooks, by the re-run's workflow. Read
    // through the API: creating "Debit" also lets the change poller re-run every other payment
    // waiting for it, and their entries can push this one off the page's first screen. Generous:
    // in CI this file runs beside the integration suite on 2 cores.
    type Entry = { bproId: string; action: string; workflowId: string | null };
    const newest = async () => {
      const res = await env.stack.api(`/api/v1/tenants/${env.tenantId}/qbo/log?entity=payment&limit=200`);
      const body = (await res.json()) as { entries: Entry[] };
      return body.entries.find((e) => e.bproId === id);
    };
    await expect
      .poll(async () => (await newest())?.action, { timeout: 90_000, interval: 1_000 })
      .toBe('created');
    expect((await newest())?.workflowId).toBe(`record-sync:${env.tenantId}:payment:${id}`);
    await page.goto(url(`?entity=payment#log`));
    await page.locator('#log').screenshot({ path: screenshotPath('07-rerun-succeeded') });
  });

  it('re-runs every failed record with one button: each gets a new pass', async () => {
    // The initial sync's failures, if the re-runs before left any; else one made for the purpose
    // (a synced payment whose latest entry says it failed, as after a blip that has passed).
    if (
      (await listRecordsWhoseLatest(database.db, { tenantId: env.tenantId, action: 'failed' })).length === 0
    )
      await database.sql`insert into qbo_sync.sync_log (tenant_id, entity, bpro_id, action, message)
        select tenant_id, entity, bpro_id, 'failed', 'A blip that has passed'
        from qbo_sync.entity_links where tenant_id = ${env.tenantId} and entity = 'payment' limit 1`;
    const failed = await listRecordsWhoseLatest(database.db, { tenantId: env.tenantId, action: 'failed' });
    expect(failed.length, 'there are failed records').toBeGreaterThan(0);
    const [newest] = await database.sql<Array<{ id: string }>>`
      select max(id)::text as id from qbo_sync.sync_log where tenant_id = ${env.tenantId}`;
    await page.goto(url('#log'));
    const bulk = page.getByRole('button', { name: /^Re-run \d+ failed records?$/ });
    const n = failed.length;
    expect(squash(await bulk.textContent())).toBe(`Re-run ${n} failed record${n === 1 ? '' : 's'}`);
    await bulk.click();
    await page.waitForURL(/done=rerun-failed/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      `Re-run requested for ${n} failed record`,
    );
    // Every one of them is synced again: each gets a log entry newer than the click.
    await expect
      .poll(
        async () => {
          const rows = await database.sql<Array<{ entity: string; bpro_id: string }>>`
            select distinct entity, bpro_id from qbo_sync.sync_log
            where tenant_id = ${env.tenantId} and id > ${newest?.id ?? '0'}::bigint`;
          const seen = new Set(rows.map((r) => `${r.entity}:${r.bpro_id}`));
          return failed.filter((r) => !seen.has(`${r.entity}:${r.bproId}`)).length;
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(0);
  });

  it('disconnects only after a confirmation', async () => {
    await page.goto(url());
    await page.getByRole('link', { name: 'Disconnect QuickBooks…' }).click();
    await expect(page.locator('#connection').textContent()).resolves.toContain(`Disconnect from ${COMPANY}?`);
    await page.getByRole('button', { name: 'Yes, disconnect' }).click();
    await page.waitForURL(/done=disconnected/);
    await page.getByRole('button', { name: 'Connect to QuickBooks' }).waitFor();
  });

  it('renders the API reference without JavaScript or the internet', async () => {
    const res = await page.goto(`${env.stack.apiUrl}/api/v1/reference`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await page
      .getByRole('heading', { name: 'PUT /api/v1/tenants/{tenantId}/qbo/settings' })
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('08-api-reference') });
  });
});
