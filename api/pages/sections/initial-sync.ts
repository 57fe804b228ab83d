// Initial sync: start it, watch it (the page shows progress on every load; a small script
// refreshes the numbers every 2 s), and its summary when done.
import { entityLabels, initialSyncPhases, type SyncEntity } from '../../../workflows/contracts';
import type { InitialSyncStatusView } from '../../schemas';
import { postForm, type PageContext } from '../context';
import { formatTime, html, type Html } from '../html';

const ORDER: SyncEntity[] = initialSyncPhases.flat();

const statusText: Record<InitialSyncStatusView['status'], string> = {
  not_started: 'Not started',
  running: 'Running',
  waiting_for_reconnect: 'Paused: waiting for QuickBooks to be reconnected',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

const isActive = (s: InitialSyncStatusView['status']) => s === 'running' || s === 'waiting_for_reconnect';

function progressTable(view: InitialSyncStatusView): Html {
  const rows = ORDER.map((entity) => {
    const c = view.entities[entity];
    const done = c ? c.synced + c.skipped + c.failed : 0;
    return html`<tr data-entity="${entity}">
      <th scope="row">${entityLabels[entity].one}</th>
      <td class="num" data-k="total">${c ? c.total : '–'}</td>
      <td class="num" data-k="synced">${c ? c.synced : '–'}</td>
      <td class="num" data-k="skipped">${c ? c.skipped : '–'}</td>
      <td class="num" data-k="failed">${c ? c.failed : '–'}</td>
      <td>
        <progress
          max="${c?.total || 1}"
          value="${c ? (c.total ? done : 1) : 0}"
          aria-label="${entityLabels[entity].one} progress"
        ></progress>
      </td>
    </tr>`;
  });
  return html`<table>
    <caption class="hint">
      ${view.status === 'completed' ? 'Summary' : 'Progress per record type'}
    </caption>
    <thead>
      <tr>
        <th scope="col">Record type</th>
        <th scope="col" class="num">Total</th>
        <th scope="col" class="num">Synced</th>
        <th scope="col" class="num">Skipped</th>
        <th scope="col" class="num">Failed</th>
        <th scope="col">Progress</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

export function initialSyncSection(ctx: PageContext, view: InitialSyncStatusView | null, canStart: boolean) {
  const warning = html`<p class="notice warn">
    The options above apply to this sync and to everything BPro sends afterwards. Check them before you start:
    changing them later means running the sync again.
  </p>`;
  const start = (label: string) =>
    canStart ? postForm(ctx, '/initial-sync', html`<button type="submit">${label}</button>`) : '';
  let body: Html;
  if (!view)
    body = html`<p>
      The status of the initial sync could not be read right now. Reload the page in a moment.
    </p>`;
  else if (view.status === 'not_started')
    body = html`<p>
        The initial sync sends everything in BPro that the options allow to QuickBooks. It runs in the
        background; you can keep working and leave this page.
      </p>
      ${warning}${start('Start initial sync')}`;
  else {
    const totals = Object.values(view.entities).reduce(
      (t, c) => ({
        synced: t.synced + c.synced,
        skipped: t.skipped + c.skipped,
        failed: t.failed + c.failed,
      }),
      { synced: 0, skipped: 0, failed: 0 },
    );
    body = html`<p>
        <span class="status" id="sync-status" aria-live="polite">${statusText[view.status]}</span>${
          view.startedAt ? html` · started ${formatTime(view.startedAt)}` : ''
        }${view.completedAt ? html` · finished ${formatTime(view.completedAt)}` : ''}${
          view.temporalUrl ? html` · <a href="${view.temporalUrl}">workflow in Temporal</a>` : ''
        }
      </p>
      ${
        view.status === 'completed'
          ? html`<p id="sync-summary">
              ${totals.synced} records synced, ${totals.skipped} skipped, ${totals.failed}
              failed.${
                totals.failed
                  ? html` See the failures in the
                      <a href="${ctx.base}?status=failed#log">transaction log</a>.`
                  : ''
              }
            </p>`
          : ''
      }
      <div
        id="sync-progress"
        data-status-url="${ctx.base}/initial-sync.json"
        data-active="${isActive(view.status) ? '1' : '0'}"
      >
        ${progressTable(view)}
      </div>
      ${
        isActive(view.status)
          ? ''
          : html`<h3>Run it again</h3>
              ${warning}${start('Run the initial sync again')}`
      }`;
  }
  return html`<section aria-labelledby="sync-h" id="initial-sync">
    <h2 id="sync-h">Initial sync</h2>
    ${body}
  </section>`;
}

/** Refreshes the progress table every 2 s while the sync runs; reloads the page when it ends. */
export const progressScript = `
(function () {
  var box = document.getElementById('sync-progress');
  if (!box || box.getAttribute('data-active') !== '1') return;
  var url = box.getAttribute('data-status-url');
  var label = { running: 'Running', waiting_for_reconnect: 'Paused: waiting for QuickBooks to be reconnected' };
  function show(s) {
    var status = document.getElementById('sync-status');
    if (status && label[s.status]) status.textContent = label[s.status];
    Object.keys(s.entities || {}).forEach(function (entity) {
      var row = box.querySelector('tr[data-entity="' + entity + '"]');
      var c = s.entities[entity];
      if (!row || !c) return;
      ['total', 'synced', 'skipped', 'failed'].forEach(function (k) {
        var cell = row.querySelector('[data-k="' + k + '"]');
        if (cell) cell.textContent = String(c[k]);
      });
      var bar = row.querySelector('progress');
      if (bar) { bar.max = c.total || 1; bar.value = c.total ? c.synced + c.skipped + c.failed : 1; }
    });
  }
  function tick() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s) show(s);
        if (s && s.status !== 'running' && s.status !== 'waiting_for_reconnect') {
          window.location.replace(window.location.pathname + '#initial-sync');
          window.location.reload();
        } else setTimeout(tick, 2000);
      })
      .catch(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 2000);
})();
`;
