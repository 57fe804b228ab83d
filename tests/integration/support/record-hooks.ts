// Hooks and read-backs for the sync-records tests: signed BPro hooks sent the way the BPro app
// sends them, the record workflows they start, and what support sees afterwards (the log and
// record endpoints, the entity links, the emulator's counts). For the tenant of record-sync-tenant.
import { expect } from 'vitest';
import { findLink } from '../../../db/queries/entity-links';
import type { HookEvent, RecordOutcome, SyncEntity } from '../../../workflows/contracts';
import { database, h, temporal } from './record-sync-tenant';
import { postSignedHook } from './signed-hooks';

export type Json = Record<string, unknown>;
export type LogEntry = {
  entity: string;
  bproId: string;
  action: string;
  message: string | null;
  qboId: string | null;
  workflowId: string | null;
};

/** POSTs a signed hook; the API answers 202 with the record's workflow id. */
export const postHook = (entity: SyncEntity, id: string, event: HookEvent) =>
  postSignedHook(h, entity, id, event);

export const resultOf = (workflowId: string) =>
  temporal.client.workflow.getHandle(workflowId).result() as Promise<RecordOutcome>;

/** Sends the hook and waits for the record's workflow to finish. */
export const hookAndWait = async (entity: SyncEntity, id: string, event: HookEvent) =>
  resultOf(await postHook(entity, id, event));

export async function api(path: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await h.stack.api(`/api/v1/tenants/${h.tenantId}/qbo${path}`, init);
  return { status: res.status, body: (await res.json()) as Json };
}

/** The record's log entries, newest first, as support reads them (GET …/qbo/log). */
export async function logOf(entity: SyncEntity, id: string): Promise<LogEntry[]> {
  const { status, body } = await api(`/log?entity=${entity}&limit=200`);
  expect(status).toBe(200);
  return (body.entries as LogEntry[]).filter((e) => e.bproId === id);
}

export const recordOf = async (entity: SyncEntity, id: string) =>
  (await api(`/records/${entity}/${id}`)).body;

export const linkOf = async (entity: SyncEntity, id: string) => {
  const link = await findLink(database.db, h.tenantId, entity, id);
  expect(link, `${entity} ${id} is linked`).not.toBeNull();
  return link?.qboId ?? '';
};

/** How many records of each QBO entity the company holds (active or not). */
export async function counts<E extends string>(...entities: E[]): Promise<Record<E, number>> {
  const values = await Promise.all(entities.map((e) => h.qboCount(e)));
  return Object.fromEntries(entities.map((e, i) => [e, values[i]])) as Record<E, number>;
}
