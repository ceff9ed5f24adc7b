// What became of a list of jobs (pending in the outbox, live in Redis, finished, or lost): Redis
// is asked by id, and job_record only about the jobs Redis no longer holds (completed and failed
// jobs leave Redis after their retention; their records stay).
import { jobTrace, type JobTrace, type RedisJobState } from '../../domain/repair.js';
import { redisJobStates } from '../../queues/job-lookup.js';
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
  const redis = new Map<string, Map<string, RedisJobState>>();
  const records = new Map<string, Map<string, 'none' | 'retrying' | 'finished'>>();
  for (const [queue, ids] of byQueue) {
    // A queue this process does not serve (another catalogue's rows): not ours to judge.
    if (!(queue in ctx.queues.catalog)) {
      redis.set(queue, new Map(ids.map((id) => [id, 'live'])));
      continue;
    }
    const states = await inRedis(ctx, 'looking jobs up in Redis', redisJobStates(ctx.queues.get(queue), ids));
    redis.set(queue, states);
    records.set(queue, await ctx.repo.jobRecordStates(queue, ids.filter((id) => states.get(id) === 'missing')));
  }
  return jobs.map((job) => jobTrace({
    unsent: job.unsent,
    redis: redis.get(job.queue)?.get(job.jobId) ?? 'missing',
    record: records.get(job.queue)?.get(job.jobId) ?? 'none',
  }));
}
