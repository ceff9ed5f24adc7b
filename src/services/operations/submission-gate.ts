// What stands between a submit job and the clearinghouse: the circuit breaker and the rate
// limits. Before each send the gate asks both; when either says wait, the job throws
// RetryLaterError with how long, so it tries again later without spending a retry attempt (the
// worker host's meaning of that error) and without losing work: batches already built stay
// recorded and are sent first by the next attempt. After each send the gate tells the breaker
// how it went; a trip or a recovery is audited.
import type { Redis } from 'ioredis';
import type { ClearinghouseConfig } from '../../../config/clearinghouse.js';
import { SubmissionsRepository } from '../../db/repositories/submissions.repository.js';
import { BadInputError, RetryLaterError, describeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { CircuitBreaker } from '../../queues/circuit-breaker.js';
import { RateLimiter, type LimitedSubject } from '../../queues/rate-limiter.js';
import type { InTransaction } from '../claims/claim-submit.service.js';
import { auditBreakerMove } from './breakers.js';
import { submissionLimits } from './throttles.service.js';

/** The shared Redis state of every gate: one per process (or per test). */
export class SubmissionGuards {
  readonly breaker: CircuitBreaker;
  readonly limiter: RateLimiter;

  constructor(redis: Redis, prefix: string, private readonly logger?: Logger) {
    this.breaker = new CircuitBreaker(redis, prefix);
    this.limiter = new RateLimiter(redis, prefix);
  }

  /** The gate for one submit job: the limits in force now for this clearinghouse and payer. */
  async gateFor(inTransaction: InTransaction, clearinghouse: ClearinghouseConfig, payerId: number): Promise<SubmissionGate> {
    const subjects = await inTransaction(async (tx) => {
      const payer = await new SubmissionsRepository(tx).findPayer(payerId);
      if (!payer) throw new BadInputError(`no payer ${payerId}`);
      return submissionLimits(tx, clearinghouse, payer);
    });
    return new SubmissionGate(this, inTransaction, clearinghouse, subjects, this.logger);
  }
}

/** A place to send one batch: give it back if nothing was sent. */
export interface SendPass {
  ticket: string;
  probe: boolean;
}

export class SubmissionGate {
  constructor(
    private readonly guards: SubmissionGuards,
    private readonly inTransaction: InTransaction,
    private readonly clearinghouse: ClearinghouseConfig,
    readonly limits: readonly LimitedSubject[],
    private readonly logger?: Logger,
  ) {}

  /** Throws RetryLaterError while the breaker is open (or its one try is out) or a limit is reached. */
  async pass(): Promise<SendPass> {
    const { name, breaker } = this.clearinghouse;
    const admission = await this.guards.breaker.admit(name, breaker);
    if (admission.verdict === 'wait') {
      throw new RetryLaterError(`clearinghouse ${name}: circuit breaker open after failed sends; trying again in ${admission.retryAfterMs} ms`, admission.retryAfterMs);
    }
    const taken = await this.guards.limiter.take(this.limits);
    if ('waitMs' in taken) {
      if (admission.verdict === 'probe') await this.guards.breaker.releaseProbe(name);
      const { full } = taken;
      throw new RetryLaterError(`rate limit of ${full.key.replace(':', ' ')} reached (${full.limit.maxBatches} batches per ${full.limit.perMs} ms); `
        + `next send in ${taken.waitMs} ms`, taken.waitMs);
    }
    return { ticket: taken.taken, probe: admission.verdict === 'probe' };
  }

  /** Nothing was sent with this pass (no ready claims left): its places go back. */
  async unused(pass: SendPass): Promise<void> {
    await this.guards.limiter.giveBack(this.limits, pass.ticket);
    if (pass.probe) await this.guards.breaker.releaseProbe(this.clearinghouse.name);
  }

  async sent(at: Date): Promise<void> {
    const move = await this.guards.breaker.recordSuccess(this.clearinghouse.name);
    if (move === 'recovered') this.logger?.warn({ clearinghouse: this.clearinghouse.name }, 'clearinghouse circuit breaker closed: sends work again');
    await auditBreakerMove(this.inTransaction, this.clearinghouse.name, move, {}, at);
  }

  /** Counts a failed send; never throws, so the send's own error is what the job reports. */
  async failed(at: Date): Promise<void> {
    try {
      const { name, breaker } = this.clearinghouse;
      const move = await this.guards.breaker.recordFailure(name, breaker);
      if (move === 'tripped') this.logger?.warn({ clearinghouse: name, coolDownMs: breaker.coolDownMs }, 'clearinghouse circuit breaker opened: sends stop for the cool-down');
      await auditBreakerMove(this.inTransaction, name, move, { failureThreshold: breaker.failureThreshold, coolDownMs: breaker.coolDownMs }, at);
    } catch (error) {
      this.logger?.error({ clearinghouse: this.clearinghouse.name, ...describeError(error) }, 'could not record a failed send on the circuit breaker');
    }
  }
}
