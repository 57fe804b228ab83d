// Which QBO accounts are which, for the sync's choices (qbo-api.md §6.6).
import type { Condition } from './query';

/** Accounts money can be paid from or into: Bank and Other Current Asset. */
export const CASH_ACCOUNT_TYPES = ['Bank', 'Other Current Asset'];

/** `cash`: the accounts refunds can be paid from (CASH_ACCOUNT_TYPES). */
export type AccountKind = 'all' | 'cash';

/** The query conditions selecting a kind of account. */
export function accountConditions(kind: AccountKind): Condition[] {
  return kind === 'cash' ? [{ field: 'AccountType', op: 'IN', value: CASH_ACCOUNT_TYPES }] : [];
}
