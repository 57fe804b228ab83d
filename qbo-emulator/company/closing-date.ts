// Closed books: a closing date (Preferences AccountingInfoPrefs.BookCloseDate) locks the
// transactions dated on or before it. Creating, changing, voiding or deleting one is refused with
// 6200 Account Period Closed, or 6210 when the closing date has a password. System changes (a
// payment applied to an old invoice) are not.
import type { OpContext } from '../entities/context';
import { companyFaults } from '../errors-company';
import type { EntityName, Realm } from '../store';
import { asRecord, asString, qboTime, type QboObject } from '../util';

const TRANSACTIONS: ReadonlySet<EntityName> = new Set(['Invoice', 'Payment', 'CreditMemo', 'RefundReceipt']);

export function setClosingDate(
  realm: Realm,
  date: string | null,
  password: boolean,
  now: number,
  offset: number,
): void {
  realm.closingDate = date ?? undefined;
  realm.closingPassword = date !== null && password;
  const prefs = realm.preferences;
  const info = { ...(asRecord(prefs['AccountingInfoPrefs']) ?? {}) };
  if (date === null) delete info['BookCloseDate'];
  else info['BookCloseDate'] = date;
  prefs['AccountingInfoPrefs'] = info;
  prefs['SyncToken'] = String(Number(prefs['SyncToken'] ?? 0) + 1);
  prefs['MetaData'] = { ...(asRecord(prefs['MetaData']) ?? {}), LastUpdatedTime: qboTime(now, offset) };
}

/** 6200/6210 when a transaction of `entity` in any of the given versions is dated in the closed period. */
export function assertOpenPeriod(
  ctx: OpContext,
  entity: EntityName,
  ...versions: (QboObject | undefined)[]
): void {
  const closed = ctx.realm.closingDate;
  if (closed === undefined || !TRANSACTIONS.has(entity)) return;
  for (const v of versions) {
    const date = asString(v?.['TxnDate'])?.slice(0, 10);
    if (date !== undefined && date <= closed)
      throw ctx.realm.closingPassword ? companyFaults.periodClosedPassword() : companyFaults.periodClosed();
  }
}
