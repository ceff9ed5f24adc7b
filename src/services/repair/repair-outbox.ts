// Repair of relayed outbox rows whose job is gone: neither in Redis nor finished in job_record
// (Redis restarted, or its keys were deleted). The row goes back to the relay, which adds the job
// again under the same id: if the old job comes back somehow, the id makes the second add a no-op.
import { jobIds } from '../../queues/job-options.js';
import { traceJobs } from './job-traces.js';
import type { RepairContext } from './repair-context.js';

export async function repairRelayedRows(ctx: RepairContext): Promise<number> {
  let checked = 0;
  for (let after = 0; ;) {
    const rows = await ctx.repo.relayedWithoutOutcome(after, ctx.graceMs, ctx.pageSize);
    if (rows.length === 0) break;
    checked += rows.length;
    after = rows[rows.length - 1].id;
    const traces = await traceJobs(ctx, rows.map((r) => ({ queue: r.queue, jobId: jobIds.outbox(r.jobKey) })));
    const lost = rows.filter((_, i) => traces[i] === 'lost');
    await ctx.repo.returnToRelay(lost.map((r) => r.id));
    for (const row of lost) ctx.repaired({ kind: 'outbox', subject: `outbox ${row.id} (${row.queue}.${row.jobName})`, jobId: jobIds.outbox(row.jobKey) });
  }
  return checked;
}
