// What became of a list of jobs (pending in the outbox, live in Redis, finished, unrecorded or
// lost): Redis is asked by id, and job_record about the jobs Redis does not hold live (completed
// and failed jobs leave Redis after their retention, their records stay; and a job Redis saw
// finish with no record in a restored Postgres ran on work the restore put back in flight).
import { jobTrace, type JobTrace } from '../../domain/repair.js';
import { redisJobStates, type RedisJob } from '../../queues/job-lookup.js';
import { inRedis, type RepairContext } from './repair-context.js';

export interface JobRef {
  queue: string;
  jobId: string;
  /** Its outbox row is not relayed yet. */
  unsent?: boolean;
}

/** Traces in the order of `jobs`. */
export async function traceJobs(ctx: RepairContext, jobs: readonly JobRef[]): Promise<JobTrace[]> {
  const byQueue = new Map<string, string[]>();
  for (const job of jobs) {
    if (job.unsent) continue;
    const ids = byQueue.get(job.queue) ?? [];
    ids.push(job.jobId);
    byQueue.set(job.queue, ids);
  }
  const redis = new Map<string, Map<string, RedisJob>>();
  const records = new Map<string, Map<string, 'none' | 'retrying' | 'finished'>>();
  for (const [queue, ids] of byQueue) {
    // A queue this process does not serve (another catalogue's rows): not ours to judge.
    if (!(queue in ctx.queues.catalog)) {
      redis.set(queue, new Map(ids.map((id) => [id, { state: 'live' }])));
      continue;
    }
    const states = await inRedis(ctx, 'looking jobs up in Redis', redisJobStates(ctx.queues.get(queue), ids));
    redis.set(queue, states);
    records.set(queue, await ctx.repo.jobRecordStates(queue, ids.filter((id) => states.get(id)?.state !== 'live')));
  }
  const now = Date.now();
  return jobs.map((job) => {
    const held: RedisJob = redis.get(job.queue)?.get(job.jobId) ?? { state: 'missing' };
    return jobTrace({
      unsent: job.unsent,
      redis: held.state,
      record: records.get(job.queue)?.get(job.jobId) ?? 'none',
      // finishedOn is the finishing worker's clock: hosts' clocks are assumed close (well inside the grace).
      finishedMsAgo: held.finishedOn === undefined ? undefined : now - held.finishedOn,
      graceMs: ctx.graceMs,
    });
  });
}
