// The transaction log: newest first, filtered by status and record type, each entry with a Re-run.
import { logActions } from '../../../db/schema';
import { syncEntities, type SyncEntity } from '../../../workflows/contracts';
import { entityLabels, postForm, type PageContext } from '../context';
import { formatTime, html } from '../html';

type Action = (typeof logActions)[number];

export type LogEntryView = {
  entity: SyncEntity;
  bproId: string;
  action: Action;
  message: string | null;
  qboId: string | null;
  temporalUrl: string | null;
  at: string;
};

const happened: Record<Action, string> = {
  created: 'Created in QuickBooks',
  updated: 'Updated in QuickBooks',
  linked: 'Matched to an existing QuickBooks record',
  voided: 'Voided in QuickBooks',
  skipped: 'Not sent',
  failed: 'Failed',
  warning: 'Sent, with a warning',
};

export const statusLabels: Record<Action, string> = {
  created: 'Created',
  updated: 'Updated',
  linked: 'Matched',
  voided: 'Voided',
  skipped: 'Skipped',
  failed: 'Failed',
  warning: 'Warning',
};

export function logSection(
  ctx: PageContext,
  page: { entries: LogEntryView[]; nextCursor: string | null },
  filters: { status?: Action | undefined; entity?: SyncEntity | undefined; cursor?: string | undefined },
  canRerun: boolean,
) {
  const opt = <T extends string>(value: T, label: string, current: T | undefined) =>
    html`<option value="${value}" ${value === current ? 'selected' : ''}>${label}</option>`;
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    if (filters.status) q.set('status', filters.status);
    if (filters.entity) q.set('entity', filters.entity);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return q.toString();
  };
  const rows = page.entries.map(
    (e) =>
      html`<tr>
        <td>${formatTime(e.at)}</td>
        <td>${entityLabels[e.entity]} <strong>${e.bproId}</strong></td>
        <td>
          <span class="status ${e.action}">${happened[e.action]}</span
          >${e.message ? html`<br />${e.message}` : ''}
        </td>
        <td>${e.qboId ?? '—'}</td>
        <td>
          ${
            canRerun
              ? postForm(
                  ctx,
                  `/records/${e.entity}/${encodeURIComponent(e.bproId)}/rerun`,
                  html`<input
                      type="hidden"
                      name="back"
                      value="${query(filters.cursor ? { cursor: filters.cursor } : {})}"
                    /><button
                      type="submit"
                      class="small secondary"
                      aria-label="Re-run ${entityLabels[e.entity]} ${e.bproId}"
                    >
                      Re-run
                    </button>`,
                  'inline',
                )
              : ''
          }
          ${e.temporalUrl ? html`<a href="${e.temporalUrl}" aria-label="Workflow of ${entityLabels[e.entity]} ${e.bproId} in Temporal">Workflow</a>` : ''}
        </td>
      </tr>`,
  );
  return html`<section aria-labelledby="log-h" id="log">
    <h2 id="log-h">Transaction log</h2>
    <form method="get" action="${ctx.base}#log" class="filters" role="search" aria-label="Filter the log">
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          <option value="">All</option>
          ${logActions.map((a) => opt(a, statusLabels[a], filters.status))}
        </select>
      </div>
      <div>
        <label for="f-entity">Record type</label>
        <select id="f-entity" name="entity">
          <option value="">All</option>
          ${syncEntities.map((en) => opt(en, entityLabels[en], filters.entity))}
        </select>
      </div>
      <div><button type="submit" class="secondary">Filter</button></div>
    </form>
    ${
      page.entries.length
        ? html`<table>
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
          </table>`
        : html`<p>No entries${filters.status || filters.entity ? ' match these filters' : ' yet'}.</p>`
    }
    <p>
      ${filters.cursor ? html`<a href="${ctx.base}?${query({})}#log">Newest entries</a> ` : ''}${
        page.nextCursor
          ? html`<a href="${ctx.base}?${query({ cursor: page.nextCursor })}#log">Older entries →</a>`
          : ''
      }
    </p>
  </section>`;
}
