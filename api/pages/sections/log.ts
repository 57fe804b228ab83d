// The transaction log: newest first, filtered by status and record type, each entry with a Re-run
// (and Re-create / Unlink for a record deleted or voided in QuickBooks), and a Re-run of every
// failed record.
import { logActions } from '../../../db/schema';
import { entityLabels, syncEntities, type SyncEntity } from '../../../workflows/contracts';
import type { PageContext } from '../context';
import { formatTime, html, type Html } from '../html';
import { attentionForms, rerunFailedForm, rerunForm, type RowAction } from './log-actions';

type Action = (typeof logActions)[number];

type LogFilters = {
  status?: Action | undefined;
  entity?: SyncEntity | undefined;
  cursor?: string | undefined;
};

export type LogEntryView = {
  id: string;
  entity: SyncEntity;
  bproId: string;
  action: Action;
  message: string | null;
  qboId: string | null;
  temporalUrl: string | null;
  at: string;
  /** Re-create / Unlink, when this is the record's newest entry and its link allows them. */
  actions?: RowAction[] | undefined;
};

export type LogView = {
  entries: LogEntryView[];
  nextCursor: string | null;
  /** Records whose newest entry is `failed` (of the filtered record type). */
  failedCount: number;
};

const happened: Record<Action, string> = {
  created: 'Created in QuickBooks',
  updated: 'Updated in QuickBooks',
  linked: 'Matched to an existing QuickBooks record',
  voided: 'Voided in QuickBooks',
  skipped: 'Not sent',
  failed: 'Failed',
  warning: 'Sent, with a warning',
  needs_attention: 'Needs attention: changed in QuickBooks',
};

export const statusLabels: Record<Action, string> = {
  created: 'Created',
  updated: 'Updated',
  linked: 'Matched',
  voided: 'Voided',
  skipped: 'Skipped',
  failed: 'Failed',
  warning: 'Warning',
  needs_attention: 'Needs attention',
};

/** The page's query string for these filters (a cursor is added through `extra`). */
function logQuery(filters: LogFilters, extra: Record<string, string>) {
  const q = new URLSearchParams();
  if (filters.status) q.set('status', filters.status);
  if (filters.entity) q.set('entity', filters.entity);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

const option = <T extends string>(value: T, label: string, current: T | undefined) =>
  html`<option value="${value}" ${value === current ? 'selected' : ''}>${label}</option>`;

/** Where a form of the log comes back to: the same filters and page. */
const backQuery = (filters: LogFilters) =>
  logQuery(filters, filters.cursor ? { cursor: filters.cursor } : {});

function logRow(ctx: PageContext, e: LogEntryView, filters: LogFilters, canRerun: boolean): Html {
  const label = entityLabels[e.entity].one;
  return html`<tr>
    <td>${formatTime(e.at)}</td>
    <td>${label} <strong>${e.bproId}</strong></td>
    <td>
      <span class="status ${e.action}">${happened[e.action]}</span
      >${e.message ? html`<br />${e.message}` : ''}
    </td>
    <td>${e.qboId ?? '—'}</td>
    <td>
      ${canRerun ? rerunForm(ctx, e, backQuery(filters)) : ''}
      ${attentionForms(
        ctx,
        e,
        backQuery(filters),
        (e.actions ?? []).filter((a) => canRerun || a === 'unlink'),
      )}
      ${e.temporalUrl ? html`<a href="${e.temporalUrl}" aria-label="Workflow of ${label} ${e.bproId} in Temporal">Workflow</a>` : ''}
    </td>
  </tr>`;
}

const filterForm = (ctx: PageContext, filters: LogFilters) =>
  html`<form method="get" action="${ctx.base}#log" class="filters" role="search" aria-label="Filter the log">
    <div>
      <label for="f-status">Status</label>
      <select id="f-status" name="status">
        <option value="">All</option>
        ${logActions.map((a) => option(a, statusLabels[a], filters.status))}
      </select>
    </div>
    <div>
      <label for="f-entity">Record type</label>
      <select id="f-entity" name="entity">
        <option value="">All</option>
        ${syncEntities.map((en) => option(en, entityLabels[en].one, filters.entity))}
      </select>
    </div>
    <div><button type="submit" class="secondary">Filter</button></div>
  </form>`;

const logTable = (rows: Html[]) =>
  html`<table>
    <thead>
      <tr>
        <th scope="col">When</th>
        <th scope="col">BPro record</th>
        <th scope="col">What happened</th>
        <th scope="col">QuickBooks id</th>
        <th scope="col">Actions</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;

/** Links to the newest entries (when paged) and to the next, older page. */
const pager = (ctx: PageContext, filters: LogFilters, nextCursor: string | null) =>
  html`<p>
    ${filters.cursor ? html`<a href="${ctx.base}?${logQuery(filters, {})}#log">Newest entries</a> ` : ''}${
      nextCursor
        ? html`<a href="${ctx.base}?${logQuery(filters, { cursor: nextCursor })}#log">Older entries →</a>`
        : ''
    }
  </p>`;

export function logSection(ctx: PageContext, page: LogView, filters: LogFilters, canRerun: boolean) {
  return html`<section aria-labelledby="log-h" id="log">
    <h2 id="log-h">Transaction log</h2>
    ${filterForm(ctx, filters)}
    ${canRerun ? rerunFailedForm(ctx, page.failedCount, filters.entity, backQuery(filters)) : ''}
    ${
      page.entries.length
        ? logTable(page.entries.map((e) => logRow(ctx, e, filters, canRerun)))
        : html`<p>No entries${filters.status || filters.entity ? ' match these filters' : ' yet'}.</p>`
    }
    ${pager(ctx, filters, page.nextCursor)}
  </section>`;
}
