// Repair of staged remittances whose posting flow is gone: the finalize job lost, or a chunk not
// yet posted without its job. The flow is added again straight to BullMQ (flows do not go through
// the outbox: a parent and its children must be added together), with only the chunks still to
// post; ids from the remittance's job key make it a no-op for every job Redis still holds. When a
// job of the flow is unrecorded (Redis saw it finish, Postgres restored from an older backup has
// no outcome), the remittance gets a new job key first, so the flow's ids are new. Posting locks
// the chunk row and finalize the remittance row, so a chunk run twice posts once; finalize does
// nothing once the remittance is posted, and waits (retried) while a chunk is not posted yet.
import { remittanceFlowRepair } from '../../domain/repair.js';
import { jobIds } from '../../queues/job-options.js';
import { addPostingFlows } from '../posting/posting-flow.service.js';
import { traceJobs } from './job-traces.js';
import { inRedis, type RepairContext } from './repair-context.js';

export async function repairRemittances(ctx: RepairContext): Promise<number> {
  let checked = 0;
  for (let after = 0; ;) {
    const staged = await ctx.repo.stagedRemittances(after, ctx.graceMs, ctx.pageSize);
    if (staged.length === 0) break;
    checked += staged.length;
    after = staged[staged.length - 1].id;
    for (const remittance of staged) {
      const finalizeId = jobIds.postingFinalize(remittance.jobKey);
      const [finalize, ...chunks] = await traceJobs(ctx, [
        { queue: 'posting', jobId: finalizeId },
        ...remittance.unposted.map(({ from, to }) => ({ queue: 'posting', jobId: jobIds.postingChunk(remittance.jobKey, from, to) })),
      ]);
      const repair = remittanceFlowRepair(finalize, chunks);
      if (repair === 'none') continue;
      const newKey = repair === 'new-key' ? await ctx.repo.newRemittanceJobKey(remittance.id) : undefined;
      await inRedis(ctx, 'adding a posting flow', addPostingFlows(ctx.tx, ctx.queues.get('posting'), ctx.prefix, [{ remittanceId: remittance.id, chunks: remittance.unposted }]));
      ctx.repaired({
        kind: 'remittance',
        subject: `remittance ${remittance.id} (${remittance.unposted.length} chunks to post${newKey ? ', run undone by a restore' : ''})`,
        jobId: newKey ? jobIds.postingFinalize(newKey) : finalizeId,
      });
    }
  }
  return checked;
}
