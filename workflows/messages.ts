// Signal and query handles, shared by workflows and their callers (API, tests). Defined with
// @temporalio/workflow's pure helpers, safe to import from any process.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { messageNames, type InitialSyncProgress, type RecordChange } from './contracts';

export const progressQuery = defineQuery<InitialSyncProgress>(messageNames.progress);
export const recordChangedSignal = defineSignal<[RecordChange]>(messageNames.recordChanged);
/** Sent by a successful reconnect to every workflow of the tenant waiting for one. */
export const reconnectedSignal = defineSignal(messageNames.reconnected);
