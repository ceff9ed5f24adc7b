// The clearinghouse circuit breakers as operators and metrics see them, and the audit of their
// moves: a trip (open) and a recovery (close) are audit events by the actor `system`.
import type { Redis } from 'ioredis';
import type { ClearinghouseConfig } from '../../../config/clearinghouse.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { CircuitBreaker, type BreakerMove, type BreakerSnapshot } from '../../queues/circuit-breaker.js';
import type { InTransaction } from '../claims/claim-submit.service.js';

export type { BreakerSnapshot, BreakerState } from '../../queues/circuit-breaker.js';

/**
 * Each clearinghouse's breaker: the configured one (closed if it never failed) and any other
 * that has failed under this queue prefix. `[{ clearinghouse, state, failures, openedAt, retryAt }]`.
 */
export async function breakerStates(redis: Redis, prefix: string, clearinghouse: Pick<ClearinghouseConfig, 'name'>): Promise<BreakerSnapshot[]> {
  return new CircuitBreaker(redis, prefix).snapshots([clearinghouse.name]);
}

/** Writes the audit event of a trip or a recovery (other moves are not events). */
export async function auditBreakerMove(inTransaction: InTransaction, clearinghouse: string, move: BreakerMove,
  detail: { failureThreshold?: number; coolDownMs?: number }, at: Date): Promise<void> {
  if (move !== 'tripped' && move !== 'recovered') return;
  await inTransaction((tx) => new AuditRepository(sqlRunner(tx)).record({
    actor: 'system', action: move === 'tripped' ? 'breaker.open' : 'breaker.close', subjectType: 'clearinghouse', subjectId: clearinghouse,
    detail: move === 'tripped' ? detail : null,
  }, at));
}
