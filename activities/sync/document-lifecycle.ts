// The one lifecycle of a document (invoice, payment, refund receipt), as `upsertNamed` is for
// name lists: gone or unwanted in BPro → retired in QuickBooks; retired link → not brought back;
// unchanged → linked; out of scope → skipped; else dependencies, then the linked copy (or the copy
// an interrupted earlier run created) is updated, or an existing match linked, or one created.
import { sourceHash } from '../mapping/source-hash';
import { QboError } from '../qbo/errors';
import type { QboEntity } from '../qbo/schemas';
import { isStep, type DocumentSpec, type PreparedDocument } from './document-spec';
import { EARLIER_COPY } from './log-wording';
import { failed, skipped, synced } from './outcome';
import { editedInQbo, heldBack, isVoidedInQbo, markChangedInQbo } from './qbo-side';
import { retire } from './retire';
import type { EntityLink, Step, SyncContext } from './types';
import { unchangedStep } from './unchanged';

export async function syncDocument<Row>(
  ctx: SyncContext,
  spec: DocumentSpec<Row>,
  bproId: string,
): Promise<Step> {
  const row = await spec.load(ctx, bproId);
  const link = await ctx.links.find(spec.entity, bproId);
  if (!row) return retire(ctx, spec, link, bproId, 'No longer in BPro');
  const unwanted = spec.unwanted?.(row);
  if (unwanted) return retire(ctx, spec, link, bproId, unwanted);
  if (link && (link.state === 'voided' || link.state === 'deleted')) {
    const message = spec.retired?.[link.state];
    if (message) return skipped(message, link.qboId);
  }
  const held = link && heldBack(link);
  if (held) return held;
  const early = spec.sourceOf?.(row);
  if (link && early !== undefined) {
    const unchanged = await unchangedStep(ctx, spec.entity, link, early);
    if (unchanged) return unchanged;
  }
  if (!link) {
    const why = await spec.outOfScope(ctx, row);
    if (why) return skipped(why);
  }
  const prepared = await spec.prepare(ctx, row, bproId);
  if (isStep(prepared)) return prepared;
  const source = early ?? prepared.source;
  if (link && early === undefined) {
    const unchanged = await unchangedStep(ctx, spec.entity, link, source);
    if (unchanged) return unchanged;
  }
  const write = () =>
    writeDocument(ctx, spec, { bproId, link, prepared, hash: sourceHash(spec.entity, source) });
  return prepared.exclusive ? ctx.scheduler.serial(prepared.exclusive, write) : write();
}

type WriteInput = { bproId: string; link: EntityLink | null; prepared: PreparedDocument; hash: string };

/** Updates the linked copy (or an interrupted earlier run's copy), else links a match or creates. */
async function writeDocument<Row>(
  ctx: SyncContext,
  spec: DocumentSpec<Row>,
  input: WriteInput,
): Promise<Step> {
  const { bproId, link, prepared, hash } = input;
  // Not linked but maybe there: an earlier run created it and lost the answer (its number,
  // customer or date may have changed in BPro since, so a lookup by those would miss it).
  const current = link
    ? await readLinked(ctx, spec, link)
    : await ctx.documents.earlierCopy(spec.entity, bproId);
  if (current && isStep(current)) return current;
  const built = await prepared.build(current);
  if (isStep(built)) return built;
  const written = async (document: QboEntity, created: boolean) => {
    await ctx.links.save(spec.entity, bproId, document, hash);
    built.written?.(document);
    const warning = built.warning?.(document, created);
    if (warning) await ctx.log.warn(spec.entity, bproId, warning, document.Id);
  };
  if (current) {
    const edited = editedInQbo(link, current, built.body);
    if (edited) await ctx.log.warnBeforeWrite(spec.entity, bproId, edited, current.Id);
    const change = { ...built.body, Id: current.Id, SyncToken: current.SyncToken ?? '0', sparse: true };
    const updated = await ctx.documents.update(prepared.doc, change);
    await written(updated, false);
    return synced('updated', updated.Id, built.note ?? (link ? undefined : EARLIER_COPY));
  }
  const match = await spec.match?.(ctx, built.body);
  if (match) {
    if ('fail' in match) return failed(match.fail);
    await ctx.links.save(spec.entity, bproId, match.linkTo, hash);
    return synced('linked', match.linkTo.Id, match.message);
  }
  let created: QboEntity;
  try {
    created = await ctx.documents.create(prepared.doc, built.body);
  } catch (error) {
    const refused = spec.createRefused?.(error, built.body);
    if (refused) return failed(refused);
    throw error;
  }
  await written(created, true);
  return synced('created', created.Id, built.createdMessage ?? built.note);
}

/**
 * The linked QBO copy, or the step that holds the record back: deleted in QuickBooks (QBO answers
 * 610), or voided there while the sync's link is live (a normal update would bring it back).
 */
async function readLinked<Row>(
  ctx: SyncContext,
  spec: DocumentSpec<Row>,
  link: EntityLink,
): Promise<QboEntity | Step> {
  let current: QboEntity;
  try {
    current = await ctx.qbo.read(spec.qboEntity, link.qboId);
  } catch (error) {
    if (error instanceof QboError && error.type === 'not_found_or_inactive')
      return markChangedInQbo(ctx, spec.entity, link, 'qbo_deleted');
    throw error;
  }
  if (link.state === 'active' && isVoidedInQbo(current))
    return markChangedInQbo(ctx, spec.entity, link, 'qbo_voided');
  return current;
}
