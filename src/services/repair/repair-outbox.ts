// Repair of relayed outbox rows whose job is gone. Lost (neither in Redis nor finished in
// job_record: Redis restarted, or its keys were deleted): the row goes back to the relay, which
// adds the job again under the same id, so if the old job comes back somehow the second add is a
// no-op. Unrecorded (Redis saw it finish, job_record has no outcome: Postgres restored from a
// backup taken before it ran): the row goes back under a new job key, since the old id is taken.
import type { JobTrace } from '../../domain/repair.js';
import type { OutboxJobRow } from '../../db/repositories/repair.repository.js';
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
    await sendUnrecordedAgain(ctx, rows, traces);
  }
  return checked;
}

/**
 * Rows whose job is unrecorded go back to the relay under a new job key (reported as outbox
 * repairs); returns the traces with those rows pending. The files and drafts repairs call it too,
 * for a row relayed again so recently that the question above has not reached it yet (a restored
 * row not yet relayed at backup time): the work then waits for that row, not for a second one.
 */
export async function sendUnrecordedAgain(ctx: RepairContext, rows: readonly OutboxJobRow[], traces: readonly JobTrace[]): Promise<JobTrace[]> {
  const unrecorded = rows.filter((_, i) => traces[i] === 'unrecorded');
  const newKeys = await ctx.repo.returnToRelayUnderNewKey(unrecorded.map((r) => r.id));
  for (const row of unrecorded) {
    ctx.repaired({ kind: 'outbox', subject: `outbox ${row.id} (${row.queue}.${row.jobName}, run undone by a restore)`, jobId: jobIds.outbox(newKeys.get(row.id)!) });
  }
  return traces.map((t) => (t === 'unrecorded' ? 'pending' : t));
}
