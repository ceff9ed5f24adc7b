// Repair of draft claims no scrub job will reach: every scrub-batch row of their file that covers
// them (and any single-claim scrub row) is lost, or was deleted after its retention (a row whose
// job is unrecorded, run before a restore undid it, goes back to the relay under a new job key
// first, and covers its drafts again as pending). They get new
// scrub-batch jobs through the outbox, one per run of claims of a file; the batch job locks and
// scrubs only the drafts in its range, so a claim scrubbed meanwhile is left as it is.
import { draftIsCovered, scrubBatchesFor, type ScrubJobCover } from '../../domain/repair.js';
import { jobIds } from '../../queues/job-options.js';
import { traceJobs } from './job-traces.js';
import { sendUnrecordedAgain } from './repair-outbox.js';
import { enqueueRepair, type RepairContext } from './repair-context.js';

/** Claims per repaired scrub-batch job: the import's own batch size. */
const SCRUB_BATCH_CLAIMS = 500;

export async function repairDrafts(ctx: RepairContext): Promise<number> {
  let checked = 0;
  for (let after = 0; ;) {
    const drafts = await ctx.repo.draftClaims(after, ctx.graceMs, ctx.pageSize);
    if (drafts.length === 0) break;
    checked += drafts.length;
    after = drafts[drafts.length - 1].id;
    const covers = await scrubCovers(ctx, drafts);
    const uncovered = new Map<number | null, number[]>();
    for (const draft of drafts) {
      if (draftIsCovered(draft, covers)) continue;
      const ids = uncovered.get(draft.fileId) ?? [];
      ids.push(draft.id);
      uncovered.set(draft.fileId, ids);
    }
    for (const [fileId, claimIds] of uncovered) {
      if (fileId === null) {
        for (const claimId of claimIds) {
          const jobId = await enqueueRepair(ctx, 'claims', 'scrub', { claimId });
          ctx.repaired({ kind: 'draft-claims', subject: `claim ${claimId}`, jobId });
        }
        continue;
      }
      for (const batch of scrubBatchesFor(fileId, claimIds, SCRUB_BATCH_CLAIMS)) {
        const jobId = await enqueueRepair(ctx, 'claims', 'scrub-batch', batch);
        ctx.repaired({ kind: 'draft-claims', subject: `claims ${batch.fromClaimId}-${batch.toClaimId} of file ${fileId}`, jobId });
      }
    }
  }
  return checked;
}

/** The scrub jobs that could reach these drafts, each with what became of it. */
async function scrubCovers(ctx: RepairContext, drafts: ReadonlyArray<{ id: number; fileId: number | null }>): Promise<ScrubJobCover[]> {
  const fileIds = [...new Set(drafts.flatMap((d) => (d.fileId === null ? [] : [d.fileId])))];
  const rows = [
    ...(await ctx.repo.outboxRowsOfFiles(fileIds, ['scrub-batch'])).filter((r) => r.queue === 'claims'),
    ...(await ctx.repo.scrubRowsOfClaims(drafts.map((d) => d.id))),
  ];
  const traces = await sendUnrecordedAgain(ctx, rows,
    await traceJobs(ctx, rows.map((r) => ({ queue: r.queue, jobId: jobIds.outbox(r.jobKey), unsent: !r.sent }))));
  return rows.map((r, i): ScrubJobCover => (r.jobName === 'scrub'
    ? { job: 'scrub', claimId: Number(r.payload.claimId), trace: traces[i] }
    : { job: 'scrub-batch', fileId: Number(r.payload.fileId), fromClaimId: Number(r.payload.fromClaimId), toClaimId: Number(r.payload.toClaimId), trace: traces[i] }));
}
