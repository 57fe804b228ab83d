// What a kind of document (invoice, payment, refund receipt) tells the one document lifecycle
// (document-lifecycle.ts): how to load its BPro row, when BPro no longer wants it, what decides
// whether it changed, its scope rules, its dependencies and its QBO body.
import type { QboEntity } from '../qbo/schemas';
import type { DocumentEntity, DocumentWrite, Step, SyncContext } from './types';

/** The body to write, and what the log says about it. */
export type BuiltDocument = {
  body: Record<string, unknown>;
  /** A note for the log on create and update (e.g. "recorded as an unapplied payment"). */
  note?: string | undefined;
  /** The log message of a create, when not `note`. */
  createdMessage?: string | undefined;
  /** A warning to log once written (e.g. totals differ), given the written document. */
  warning?: (written: QboEntity, created: boolean) => string | undefined;
  /** Told the document as QuickBooks answered its write (after its link is saved). */
  written?: (written: QboEntity) => void;
};

/** A record's dependencies synced and its document ready to be built. */
export type PreparedDocument = {
  doc: DocumentWrite;
  /** The hash inputs, when the row alone does not give them (`sourceOf`). */
  source?: unknown;
  /** Records sharing this key are written one at a time (payments applied to one invoice). */
  exclusive?: string | undefined;
  /** The body, given the QBO copy it updates (null: it is created); or why it is not written. */
  build(current: QboEntity | null): Promise<BuiltDocument | Step>;
};

/** An existing QBO document a new one links to instead of being created, or why it cannot be. */
export type DocumentMatch = { linkTo: QboEntity; message: string } | { fail: string };

type SpecCommon<Row> = {
  entity: DocumentEntity;
  load(ctx: SyncContext, bproId: string): Promise<Row | null>;
  /** Why BPro no longer wants a live row in QuickBooks (cancelled, voided), else null. */
  unwanted?(row: Row): string | null;
  /** What to say, per link state, when a live row's document was retired: it is not brought back. */
  retired?: Partial<Record<'voided' | 'deleted', string>>;
  /** Hash inputs known from the row alone (checked before any dependency is synced). */
  sourceOf?(row: Row): unknown;
  /** Why an unlinked row is not synced (start date, settings), else null. */
  outOfScope(ctx: SyncContext, row: Row): Promise<string | null>;
  /** Syncs its dependencies; or the step that ends the record (e.g. a missing payment method). */
  prepare(ctx: SyncContext, row: Row, bproId: string): Promise<PreparedDocument | Step>;
  /** An existing QBO document to link before creating (invoices: the same DocNumber). */
  match?(ctx: SyncContext, body: Record<string, unknown>): Promise<DocumentMatch | null>;
  /** The log message when QBO refuses the create for a reason the user must fix, else undefined. */
  createRefused?(error: unknown, body: Record<string, unknown>): string | undefined;
};

export type DocumentSpec<Row> = SpecCommon<Row> &
  (
    | { qboEntity: 'Invoice' | 'Payment'; retireBy: 'void' }
    | { qboEntity: 'RefundReceipt'; retireBy: 'delete' }
  );

export const isStep = (value: object): value is Step => 'action' in value;
