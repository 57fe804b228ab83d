/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- assertions walk QBO's untyped JSON responses */
// Change Data Capture reports a change to the company's Preferences, asked for together with the
// lists the change poller watches (activities/changes/poll.ts): the workers' kept copies of the
// company lists are dropped on it (activities/sync/company-lists.ts). Intuit: CDC works "for all
// API entities except JournalCode, TaxAgency, TimeActivity, TaxCode, TaxRate"
// (https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/change-data-capture;
// the ChangeDataCapture API reference says the same), so Preferences is among them. The
// preference written back here is the company's own value.
import { describe, expect, it } from 'vitest';
import { cdc, cdcRows, mark } from './support/cdc';
import { useTarget } from './support/target';

describe('change data capture: Preferences', () => {
  const t = useTarget();

  it('an update of Preferences comes back as the full current object, alongside the name lists', async () => {
    const since = await mark();
    const prefs = (await t.client.request('GET', 'preferences')).json.Preferences;
    const updated = await t.client.request('POST', 'preferences', {
      body: {
        Id: prefs.Id,
        SyncToken: prefs.SyncToken,
        sparse: true,
        SalesFormsPrefs: { AllowEstimates: prefs.SalesFormsPrefs.AllowEstimates },
      },
    });
    expect(updated.status, updated.text).toBe(200);
    const r = await cdc(
      t,
      'Customer,Invoice,Payment,RefundReceipt,PaymentMethod,Term,Account,Preferences',
      since,
    );
    expect(r.status, r.text).toBe(200);
    const rows = cdcRows(r, 'Preferences');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Id: prefs.Id,
      SyncToken: updated.json.Preferences.SyncToken,
      TaxPrefs: expect.any(Object),
    });
  });

  it('nothing changed in Preferences: no Preferences entry', async () => {
    const since = await mark();
    const r = await cdc(t, 'Preferences', since);
    expect(r.status, r.text).toBe(200);
    expect(cdcRows(r, 'Preferences')).toEqual([]);
  });
});
