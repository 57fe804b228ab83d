/* eslint-disable @typescript-eslint/no-unsafe-member-access -- walks QBO's untyped JSON responses */
// Change Data Capture helpers for the contract suite: the call, and the rows of one entity.
import type { QboResponse } from './client';
import type { Obj } from './business-rules';
import type { Target } from './target';

export function cdc(t: Target, entities: string, changedSince: string): Promise<QboResponse> {
  return t.client.request('GET', 'cdc', { query: { entities, changedSince } });
}

/** The QueryResponse entry of one entity in a CDC answer, if any. */
export function cdcGroup(r: QboResponse, entity: string): Obj | undefined {
  const groups = (r.json?.CDCResponse?.[0]?.QueryResponse ?? []) as Obj[];
  return groups.find((g) => Array.isArray(g[entity]));
}

/** The objects of one entity in a CDC answer ([] when it has none). */
export function cdcRows(r: QboResponse, entity: string): Obj[] {
  return (cdcGroup(r, entity)?.[entity] ?? []) as Obj[];
}

/** A moment strictly after everything done so far (CDC includes changes at changedSince itself). */
export async function mark(): Promise<string> {
  await new Promise((r) => setTimeout(r, 5));
  const at = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  return at;
}
