// Handlers of the `posting` queue: thin adapters from a validated payload to the posting services.
// `era` stages a file and fans out its flow; `chunk` posts a slice of claims; `finalize` closes a
// remittance once its chunks are done. Every one of them may run twice and still post once.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { postEraFile } from '../src/services/posting/era-posting.service.js';
import { postRemittanceChunk } from '../src/services/posting/chunk-posting.service.js';
import { finalizeRemittance } from '../src/services/posting/finalize.service.js';
import { reportProgress } from '../src/services/posting/posting-flow.js';
import { loadCarcTable } from '../src/services/posting/carc-table.js';

export const postingHandlers: QueueHandlers<typeof catalog, 'posting'> = {
  era: async ({ fileId }, ctx) => {
    const outcome = await postEraFile(ctx.em, fileId, {
      postingQueue: ctx.queues.get('posting'), queuePrefix: ctx.config.queuePrefix,
      carcTable: await loadCarcTable(ctx.em), timezone: ctx.config.timezone,
    });
    ctx.log.info({ fileId, outcome: outcome.status, remittances: outcome.remittances.length }, 'era staged');
  },

  chunk: async ({ remittanceId, from, to }, ctx) => {
    const result = await postRemittanceChunk(ctx.em, remittanceId, from, to, { carcTable: await loadCarcTable(ctx.em), timezone: ctx.config.timezone });
    if (result.progress) await reportProgress(ctx.queues.get('posting'), remittanceId, result.progress.postedClaims, result.progress.claims);
    if (ctx.log.isLevelEnabled('debug')) ctx.log.debug({ remittanceId, from, to, ...result }, 'chunk posted');
  },

  finalize: async ({ remittanceId }, ctx) => {
    const result = await finalizeRemittance(ctx.em, remittanceId);
    ctx.log.info({ remittanceId, ...result }, 'remittance finalized');
  },
};
