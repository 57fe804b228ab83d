// How the transaction log words what happened (one place for each phrase used in several rooms).
import { entityLabels, type SyncEntity } from '../../workflows/contracts';
import { MappingError } from '../mapping/types';
import { QboError } from '../qbo/errors';
import { DependencyFailed } from './outcome';

export const describe = (entity: SyncEntity) => entityLabels[entity].one;

export const UNCHANGED = 'Already in QuickBooks, unchanged';
export const EARLIER_COPY =
  'Found the copy an interrupted earlier sync had created in QuickBooks; updated and linked it';
export const VOIDED_EARLIER_COPY = 'voided the copy an interrupted earlier sync had created';

/** A failure in plain words for the transaction log (QBO's code and field when it gave them). */
export function explain(entity: SyncEntity, error: unknown): string {
  if (error instanceof QboError && error.type === 'closed_period')
    return `QuickBooks refused this ${describe(entity).toLowerCase()}: the books are closed for its date [QuickBooks error ${error.code}]. Ask the accountant to reopen that period in QuickBooks (or date it after the closing date in BPro), then press Re-run.`;
  if (error instanceof QboError) {
    const where = error.element ? ` (field ${error.element})` : '';
    const code = error.code
      ? ` [QuickBooks error ${error.code}${error.intuitTid ? `, intuit_tid ${error.intuitTid}` : ''}]`
      : '';
    return `QuickBooks rejected this ${describe(entity).toLowerCase()}: ${error.detail ?? error.message}${where}${code}`;
  }
  if (error instanceof MappingError || error instanceof DependencyFailed) return error.message;
  return error instanceof Error ? error.message : String(error);
}
