// Sliding-window rate limits kept in Redis, so every worker process counts against the same
// windows: a sorted set per limited subject holds the send times of the last window. One Lua
// script checks every window a send falls under (the clearinghouse's and the payer's) and takes
// a place in all of them or in none; times come from Redis's own clock, so processes on machines
// whose clocks differ still agree. Keys carry clearinghouse names and payer database ids only.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimit } from '../../config/clearinghouse.js';

// KEYS: one window per limit. ARGV[1]: a unique member; then maxBatches, perMs per key.
// Returns {0, 0} when a place was taken in every window, else {milliseconds until one frees up,
// the 1-based index of the window that waits longest}.
const TAKE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local wait = 0
local worst = 0
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[i * 2])
  local per = tonumber(ARGV[i * 2 + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - per)
  local count = redis.call('ZCARD', key)
  if count >= max then
    -- the send whose leaving brings the window below its limit (the limit may have been lowered)
    local freeing = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    local keyWait = tonumber(freeing[2]) + per - now
    if keyWait < 1 then keyWait = 1 end
    if keyWait > wait then wait = keyWait worst = i end
  end
end
if wait > 0 then return {wait, worst} end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, tonumber(ARGV[i * 2 + 1]))
end
return {0, 0}
`;

export interface LimitedSubject {
  /** e.g. `clearinghouse:simulator`, `payer:12`: no names, no patient data. */
  key: string;
  limit: RateLimit;
}

export class RateLimiter {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  /**
   * Takes one send in every subject's window, or none: `taken` with the place's ticket (to give it
   * back if nothing was sent), or `wait` with the milliseconds until a place frees up and the
   * subject that is full.
   */
  async take(subjects: readonly LimitedSubject[]): Promise<{ taken: string } | { waitMs: number; full: LimitedSubject }> {
    const ticket = randomUUID();
    if (subjects.length === 0) return { taken: ticket };
    const keys = subjects.map((s) => this.windowKey(s.key));
    const args = subjects.flatMap((s) => [String(s.limit.maxBatches), String(s.limit.perMs)]);
    const [wait, worst] = (await this.redis.eval(TAKE_SCRIPT, keys.length, ...keys, ticket, ...args)) as [number, number];
    return Number(wait) > 0 ? { waitMs: Number(wait), full: subjects[Number(worst) - 1] } : { taken: ticket };
  }

  /** Gives a place taken by `take` back (the send did not happen). */
  async giveBack(subjects: readonly LimitedSubject[], ticket: string): Promise<void> {
    if (subjects.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const subject of subjects) pipeline.zrem(this.windowKey(subject.key), ticket);
    await pipeline.exec();
  }

  /** Sends counted in the subject's current window (for status output). */
  async inWindow(subject: LimitedSubject): Promise<number> {
    const key = this.windowKey(subject.key);
    const [seconds, micros] = await this.redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    return this.redis.zcount(key, `(${now - subject.limit.perMs}`, '+inf');
  }

  private windowKey(subject: string): string {
    return `${this.prefix}:rcm:throttle:${subject}`;
  }
}
