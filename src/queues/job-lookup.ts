// Looks jobs up by id in Redis, for the repair sweep: one pipelined HMGET per job hash
// (`<prefix>:<queue>:<id>`), so the cost is the number of ids asked about, never the number of
// jobs the queue holds (BullMQ's getState searches the wait lists, which grow with a backlog).
import type { Queue } from 'bullmq';
import type { RedisJobState } from '../domain/repair.js';
import { slices } from '../db/sql.js';

/** A job as Redis holds it: its state and, once finished, when (ms since the epoch). */
export interface RedisJob {
  state: RedisJobState;
  finishedOn?: number;
}

/**
 * Each job's state: `missing` (no hash), `finished` (BullMQ stamps `finishedOn` when a job
 * completes or fails for good), else `live` (waiting, delayed, prioritized, active, or waiting
 * for its children; a job between retries is delayed).
 */
export async function redisJobStates(queue: Queue, jobIds: readonly string[]): Promise<Map<string, RedisJob>> {
  const states = new Map<string, RedisJob>();
  if (jobIds.length === 0) return states;
  const client = await queue.getBackend().client;
  for (const slice of slices(jobIds, 1000)) {
    const pipeline = client.pipeline();
    for (const id of slice) pipeline.runCommand('hmget', [queue.toKey(id), 'timestamp', 'finishedOn']);
    const replies = (await pipeline.exec()) ?? [];
    slice.forEach((id, i) => {
      const [error, value] = replies[i] ?? [new Error('no reply')];
      if (error) throw error;
      const [timestamp, finishedOn] = value as Array<string | null>;
      states.set(id, timestamp === null ? { state: 'missing' } : finishedOn !== null ? { state: 'finished', finishedOn: Number(finishedOn) } : { state: 'live' });
    });
  }
  return states;
}

/** Whether the queue's Redis still holds this job scheduler. */
export async function hasJobScheduler(queue: Queue, schedulerId: string): Promise<boolean> {
  return (await queue.getJobScheduler(schedulerId)) !== undefined;
}
