// The company's subscription status (CompanyInfo.NameValue SubscriptionStatus). Intuit: TRIAL,
// TRIALOPTIN and SUBSCRIBED allow reads and writes; RESTRICTED, SUSPENDED, EXPIRED and CANCELLED are
// read-only, and writes then get 6190 Invalid Company Status.
import { companyFaults } from '../errors-company';
import type { Realm } from '../store';
import { asArray, asRecord, qboTime } from '../util';

export const SUBSCRIPTION_STATUSES = [
  'TRIAL',
  'TRIALOPTIN',
  'SUBSCRIBED',
  'RESTRICTED',
  'SUSPENDED',
  'EXPIRED',
  'CANCELLED',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

const WRITABLE: ReadonlySet<string> = new Set(['TRIAL', 'TRIALOPTIN', 'SUBSCRIBED']);

/** Sets the status and shows it in CompanyInfo (its SyncToken and LastUpdatedTime move on). */
export function setSubscriptionStatus(
  realm: Realm,
  status: SubscriptionStatus,
  now: number,
  offset: number,
): void {
  realm.subscriptionStatus = status;
  const info = realm.companyInfo;
  const others = asArray(info['NameValue']).filter((nv) => asRecord(nv)?.['Name'] !== 'SubscriptionStatus');
  info['NameValue'] = [...others, { Name: 'SubscriptionStatus', Value: status }];
  info['SyncToken'] = String(Number(info['SyncToken'] ?? 0) + 1);
  info['MetaData'] = { ...(asRecord(info['MetaData']) ?? {}), LastUpdatedTime: qboTime(now, offset) };
}

/** 6190 unless the subscription allows writes. */
export function assertCompanyWritable(realm: Realm): void {
  if (!WRITABLE.has(realm.subscriptionStatus)) throw companyFaults.invalidCompanyStatus();
}
