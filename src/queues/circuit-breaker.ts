// A circuit breaker per clearinghouse, kept in Redis so every worker process sees the same state:
// a hash `<prefix>:rcm:breaker:<clearinghouse>` with state, consecutive failures, when it opened
// and when it may try again. Each move is one Lua script, so two processes never both take the
// single half-open try or both report the same trip. Times are Redis's clock.
import type { Redis } from 'ioredis';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  failureThreshold: number;
  coolDownMs: number;
  probeLeaseMs: number;
}

export interface BreakerSnapshot {
  clearinghouse: string;
  state: BreakerState;
  failures: number;
  openedAt: string | null;
  retryAt: string | null;
}

/** What a send may do: go ahead (closed), go ahead as the one half-open try, or wait `retryAfterMs`. */
export type Admission = { verdict: 'send' } | { verdict: 'probe' } | { verdict: 'wait'; retryAfterMs: number };

/** What a recorded outcome did to the breaker: `tripped` (it opened) and `recovered` (it closed) are audited. */
export type BreakerMove = 'tripped' | 'recovered' | 'counted' | 'unchanged';

const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// ARGV: probeLeaseMs. Returns {verdict, retryAfterMs}.
const ADMIT_SCRIPT = `${NOW}
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'closed' then return {'send', 0} end
local lease = tonumber(ARGV[1])
if state == 'open' then
  local retryAt = tonumber(redis.call('HGET', KEYS[1], 'retryAt'))
  if now < retryAt then return {'wait', retryAt - now} end
  redis.call('HSET', KEYS[1], 'state', 'half-open', 'probeUntil', now + lease)
  return {'probe', 0}
end
local probeUntil = tonumber(redis.call('HGET', KEYS[1], 'probeUntil') or '0')
if now < probeUntil then return {'wait', probeUntil - now} end
redis.call('HSET', KEYS[1], 'probeUntil', now + lease)
return {'probe', 0}
`;

// The half-open try gave its place back without sending (e.g. a rate limit stopped it).
const RELEASE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'state') == 'half-open' then redis.call('HSET', KEYS[1], 'probeUntil', 0) end
return 1
`;

const SUCCESS_SCRIPT = `
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'closed' then
  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'failures', 0) end
  return 'unchanged'
end
redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0)
redis.call('HDEL', KEYS[1], 'openedAt', 'retryAt', 'probeUntil')
return 'recovered'
`;

// KEYS[2]: the set of clearinghouses that have a breaker. ARGV: name, threshold, coolDownMs.
const FAILURE_SCRIPT = `${NOW}
redis.call('SADD', KEYS[2], ARGV[1])
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if state == 'open' then return 'unchanged' end
if state == 'closed' and failures < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'state', 'closed')
  return 'counted'
end
redis.call('HSET', KEYS[1], 'state', 'open', 'openedAt', now, 'retryAt', now + tonumber(ARGV[3]))
redis.call('HDEL', KEYS[1], 'probeUntil')
return 'tripped'
`;

export class CircuitBreaker {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  async admit(clearinghouse: string, settings: BreakerSettings): Promise<Admission> {
    const [verdict, wait] = (await this.redis.eval(ADMIT_SCRIPT, 1, this.key(clearinghouse), String(settings.probeLeaseMs))) as [string, number];
    if (verdict === 'wait') return { verdict, retryAfterMs: Math.max(1, Number(wait)) };
    return { verdict: verdict as 'send' | 'probe' };
  }

  async releaseProbe(clearinghouse: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.key(clearinghouse));
  }

  async recordSuccess(clearinghouse: string): Promise<BreakerMove> {
    return (await this.redis.eval(SUCCESS_SCRIPT, 1, this.key(clearinghouse))) as BreakerMove;
  }

  async recordFailure(clearinghouse: string, settings: BreakerSettings): Promise<BreakerMove> {
    return (await this.redis.eval(FAILURE_SCRIPT, 2, this.key(clearinghouse), this.namesKey(),
      clearinghouse, String(settings.failureThreshold), String(settings.coolDownMs))) as BreakerMove;
  }

  /** Every clearinghouse named (plus those that ever failed), each with its state; closed when never failed. */
  async snapshots(clearinghouses: readonly string[]): Promise<BreakerSnapshot[]> {
    const names = [...new Set([...clearinghouses, ...(await this.redis.smembers(this.namesKey()))])].sort();
    const snapshots: BreakerSnapshot[] = [];
    for (const name of names) {
      const hash = await this.redis.hgetall(this.key(name));
      const at = (ms: string | undefined) => (ms ? new Date(Number(ms)).toISOString() : null);
      const state = (hash.state ?? 'closed') as BreakerState;
      snapshots.push({ clearinghouse: name, state, failures: Number(hash.failures ?? 0), openedAt: at(hash.openedAt), retryAt: at(hash.retryAt) });
    }
    return snapshots;
  }

  private key(clearinghouse: string): string {
    return `${this.prefix}:rcm:breaker:${clearinghouse}`;
  }

  private namesKey(): string {
    return `${this.prefix}:rcm:breakers`;
  }
}
