// Repair of inbound files whose reading job is gone (claims import, acknowledgment, era): a file
// still received (or processing, for kinds other than the 835) with no outbox row pending and no
// job live or finished. A row whose job is unrecorded (Redis saw it finish, a restored Postgres
// has no outcome) goes back to the relay under a new job key and counts as pending; a file with
// none of these gets a new job through the outbox. The job locks the file row and does
// nothing when the file has moved on meanwhile (import and ack return at once unless `received`).
import { fileJobOf, needsNewJob } from '../../domain/repair.js';
import { jobIds } from '../../queues/job-options.js';
import { traceJobs } from './job-traces.js';
import { sendUnrecordedAgain } from './repair-outbox.js';
import { enqueueRepair, type RepairContext } from './repair-context.js';

const FILE_JOBS = ['import', 'ack', 'era'];

export async function repairFiles(ctx: RepairContext): Promise<number> {
  let checked = 0;
  for (let after = 0; ;) {
    const files = await ctx.repo.filesAwaitingJob(after, ctx.graceMs, ctx.pageSize);
    if (files.length === 0) break;
    checked += files.length;
    after = files[files.length - 1].id;
    const rows = await ctx.repo.outboxRowsOfFiles(files.map((f) => f.id), FILE_JOBS);
    const traces = await sendUnrecordedAgain(ctx, rows,
      await traceJobs(ctx, rows.map((r) => ({ queue: r.queue, jobId: jobIds.outbox(r.jobKey), unsent: !r.sent }))));
    for (const file of files) {
      const job = fileJobOf(file.kind);
      if (!job) continue;
      const own = traces.filter((_, i) => rows[i].queue === job.queue && rows[i].jobName === job.job && Number(rows[i].payload.fileId) === file.id);
      if (!needsNewJob(own)) continue;
      const jobId = await enqueueRepair(ctx, job.queue, job.job, { fileId: file.id });
      ctx.repaired({ kind: 'file', subject: `file ${file.id} (${job.queue}.${job.job})`, jobId });
    }
  }
  return checked;
}
