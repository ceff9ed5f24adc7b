// Handlers of the `posting` queue: thin adapters from a validated payload to the posting services,
// and the place each job's transaction is opened. `era` stages a file (read, checked, staged in one
// transaction; bad input rolls back and is quarantined) and then fans out its flow; `chunk` posts a
// slice of claims; `finalize` closes a remittance once its chunks are done. Every one of them may
// run twice and still post once: the services lock the file, chunk or remittance row first.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CarcTable } from '../src/domain/remittance/index.js';
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { readFileOrQuarantine } from '../src/services/file-jobs.service.js';
import { stageEraFile, type StageOptions, type StageOutcome } from '../src/services/posting/era-staging.service.js';
import { postRemittanceChunk, type ChunkResult } from '../src/services/posting/chunk-posting.service.js';
import { finalizeRemittance } from '../src/services/posting/finalize.service.js';
import { addPostingFlows, reportProgress } from '../src/services/posting/posting-flow.service.js';
import { loadCarcTable } from '../src/services/posting/carc-table.service.js';

/**
 * Each job's transaction around its service, exported so tests drive the same boundaries the
 * handlers use (staging twice, chunks at once, a chunk again after a crash).
 */
export const postingTransactions = {
  /** The era job's: staged in one transaction, or rolled back and quarantined (BadInputError). */
  stageEraFile(em: EntityManager, fileId: number, options: StageOptions): Promise<StageOutcome> {
    return readFileOrQuarantine(em, { fileId, fileLabel: '835 file', timezone: options.timezone }, (tx) => stageEraFile(tx, fileId, options));
  },
  postRemittanceChunk(
    em: EntityManager, remittanceId: number, from: number, to: number, options: { carcTable: CarcTable; timezone: string },
  ): Promise<ChunkResult> {
    return em.transactional((tx) => postRemittanceChunk(tx, remittanceId, from, to, options));
  },
  finalizeRemittance(em: EntityManager, remittanceId: number): Promise<{ finalized: boolean; filePosted: boolean }> {
    return em.transactional((tx) => finalizeRemittance(tx, remittanceId));
  },
};

export const postingHandlers: QueueHandlers<typeof catalog, 'posting'> = {
  era: async ({ fileId }, ctx) => {
    const outcome = await postingTransactions.stageEraFile(ctx.em, fileId, {
      carcTable: await loadCarcTable(ctx.em), timezone: ctx.config.timezone, clock: ctx.clock,
    });
    // After the commit: the flow's job ids are deterministic, so a re-run (already-done) adds nothing twice.
    const toPost = outcome.remittances.filter((r) => r.status === 'staged');
    if (toPost.length > 0) await addPostingFlows(ctx.em, ctx.queues.get('posting'), ctx.config.queuePrefix, toPost);
    ctx.log.info({ fileId, outcome: outcome.status, remittances: outcome.remittances.length }, 'era staged');
  },

  chunk: async ({ remittanceId, from, to }, ctx) => {
    const result = await postingTransactions.postRemittanceChunk(ctx.em, remittanceId, from, to, {
      carcTable: await loadCarcTable(ctx.em), timezone: ctx.config.timezone,
    });
    if (result.progress) await reportProgress(ctx.em, ctx.queues.get('posting'), remittanceId, result.progress.postedClaims, result.progress.claims);
    if (ctx.log.isLevelEnabled('debug')) ctx.log.debug({ remittanceId, from, to, ...result }, 'chunk posted');
  },

  finalize: async ({ remittanceId }, ctx) => {
    const result = await postingTransactions.finalizeRemittance(ctx.em, remittanceId);
    ctx.log.info({ remittanceId, ...result }, 'remittance finalized');
  },
};
