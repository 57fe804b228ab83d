// The transaction log's buttons: a row's Re-run, Re-create in QuickBooks and Unlink (for a record
// deleted or voided in QuickBooks), and the Re-run of every failed record. Each posts a form (CSRF)
// and comes back to the same filters and page of the log.
import { entityLabels, type SyncEntity } from '../../../workflows/contracts';
import { postForm, type PageContext } from '../context';
import { html } from '../html';

export type RowAction = 'recreate' | 'unlink';
type RowRecord = { entity: SyncEntity; bproId: string };

/** The hidden field that brings the post back to this query string of the page. */
const backField = (back: string) => html`<input type="hidden" name="back" value="${back}" />`;

const rowButton = (ctx: PageContext, e: RowRecord, back: string, action: 'rerun' | RowAction, text: string) =>
  postForm(
    ctx,
    `/records/${e.entity}/${encodeURIComponent(e.bproId)}/${action}`,
    html`${backField(back)}<button
        type="submit"
        class="small secondary"
        aria-label="${text} ${entityLabels[e.entity].one} ${e.bproId}"
      >
        ${text}
      </button>`,
    'inline',
  );

/** The entry's Re-run button. */
export const rerunForm = (ctx: PageContext, e: RowRecord, back: string) =>
  rowButton(ctx, e, back, 'rerun', 'Re-run');

const actionText: Record<RowAction, string> = {
  recreate: 'Re-create in QuickBooks',
  unlink: 'Unlink',
};

/** Re-create and/or Unlink, for a record whose newest entry this is and whose link allows them. */
export const attentionForms = (ctx: PageContext, e: RowRecord, back: string, actions: RowAction[]) =>
  actions.map((a) => rowButton(ctx, e, back, a, actionText[a]));

/** "Re-run N failed records" (of the filtered record type, when one is chosen); nothing when none failed. */
export function rerunFailedForm(
  ctx: PageContext,
  failed: number,
  entity: SyncEntity | undefined,
  back: string,
) {
  if (failed === 0) return '';
  const kind = entity ? `${entityLabels[entity].one.toLowerCase()} ` : '';
  return postForm(
    ctx,
    '/records/retry-failed',
    html`${entity ? html`<input type="hidden" name="entity" value="${entity}" />` : ''}${backField(back)}
      <button type="submit" class="secondary">
        Re-run ${failed} failed ${kind}record${failed === 1 ? '' : 's'}
      </button>
      <span class="hint">Every record whose latest entry is a failure syncs again.</span>`,
    'bulk',
  );
}
