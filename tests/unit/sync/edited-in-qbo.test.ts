// Whether the QBO copy was edited by someone else since the sync wrote it (activities/sync/qbo-side.ts):
// a moved SyncToken alone is not an edit when the header is as the sync left it (a payment applied
// to the invoice moves it too); a header changed there is, and the warning names the old values.
import { describe, expect, it } from 'vitest';
import { editedInQbo, fingerprintOf } from '../../../activities/sync/qbo-side';

const written = {
  Id: '7',
  SyncToken: '0',
  TxnDate: '2026-03-09',
  DocNumber: 'A-1',
  CustomerRef: { value: '3' },
  TotalAmt: 16.32,
  PrivateNote: 'BPro order A-1',
};
const link = { qboSyncToken: '0', qboFingerprint: fingerprintOf(written) };
const bpro = { TxnDate: '2026-03-09', DocNumber: 'A-1', PrivateNote: 'BPro order A-1\nNow HST' };

describe('edited in QuickBooks', () => {
  it('is not an edit when only the SyncToken moved (a payment applied), even as BPro changes a field', () => {
    expect(editedInQbo(link, { ...written, SyncToken: '1', Balance: 0.01 }, bpro)).toBeUndefined();
  });

  it('is an edit when the header changed there, naming the accountant’s value', () => {
    const edited = editedInQbo(link, { ...written, SyncToken: '2', TxnDate: '2026-03-10' }, bpro);
    expect(edited).toContain('TxnDate "2026-03-10"');
  });

  it('is nothing when the SyncToken has not moved, and an edit when no fingerprint was kept', () => {
    expect(editedInQbo(link, { ...written, TxnDate: '2026-03-10' }, bpro)).toBeUndefined();
    expect(
      editedInQbo({ qboSyncToken: '0', qboFingerprint: null }, { ...written, SyncToken: '1' }, bpro),
    ).toContain('PrivateNote');
  });
});
