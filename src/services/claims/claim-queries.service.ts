// Read models for `rcm claims get|list` and the claims API: a claim with its lines, edits and
// status history. Money fields are the ledger caches on the claim and its lines (zero until
// posting writes them).
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ClaimReadsRepository, type ClaimEditView, type ClaimEventView, type ClaimLineMoney, type ClaimSummary,
} from '../../db/repositories/claim-reads.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { CLAIM_STATUSES, isClaimStatus } from '../../domain/claims/claim-status.js';
import { BadInputError } from '../../errors.js';

export type { ClaimSummary } from '../../db/repositories/claim-reads.repository.js';

/** Reads run in a request's or job's EntityManager, or on the CLI's plain connection (a Run). */
export type ReadSource = EntityManager | Run;

function reads(source: ReadSource): ClaimReadsRepository {
  return new ClaimReadsRepository(typeof source === 'function' ? source : sqlRunner(source));
}

export interface ClaimView extends ClaimSummary {
  lines: ClaimLineMoney[];
  edits: ClaimEditView[];
  events: ClaimEventView[];
}

export async function getClaim(source: ReadSource, controlNumber: string): Promise<ClaimView | undefined> {
  const claims = reads(source);
  const found = await claims.findSummary(controlNumber);
  if (!found) return undefined;
  const { id, ...summary } = found;
  return { ...summary, lines: await claims.linesWithMoney(id), edits: await claims.editsOf(id), events: await claims.eventsOf(id) };
}

export async function listClaims(source: ReadSource, filter: { status?: string; payerId?: string; limit?: number } = {}): Promise<ClaimSummary[]> {
  if (filter.status && !isClaimStatus(filter.status)) {
    throw new BadInputError(`unknown claim status "${filter.status}" (one of ${CLAIM_STATUSES.join(', ')})`);
  }
  if (filter.limit !== undefined && !(Number.isSafeInteger(filter.limit) && filter.limit > 0)) {
    throw new BadInputError('limit must be a whole number above 0');
  }
  return reads(source).listSummaries({
    status: filter.status && isClaimStatus(filter.status) ? filter.status : undefined, payerCode: filter.payerId, limit: filter.limit ?? 1000,
  });
}

/** Claims per status, for the demo and the CLI summary. */
export async function countByStatus(source: ReadSource): Promise<Record<string, number>> {
  return reads(source).countByStatus();
}
