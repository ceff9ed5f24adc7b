// Read models for `rcm claims get|list` and the claims API: a claim with its lines, edits and
// status history. Money fields are the ledger caches on the claim and its lines (zero until
// posting writes them).
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ClaimHistoryRepository, type ClaimEditView, type ClaimEventView, type ClaimLineMoney, type ClaimSummary,
} from '../../db/repositories/claim-history.repository.js';
import { CLAIM_STATUSES, isClaimStatus } from '../../domain/claims/claim-status.js';
import { BadInputError } from '../../errors.js';

export type { ClaimSummary } from '../../db/repositories/claim-history.repository.js';

export interface ClaimView extends ClaimSummary {
  lines: ClaimLineMoney[];
  edits: ClaimEditView[];
  events: ClaimEventView[];
}

export async function getClaim(em: EntityManager, controlNumber: string): Promise<ClaimView | undefined> {
  const claims = new ClaimHistoryRepository(em);
  const found = await claims.findSummary(controlNumber);
  if (!found) return undefined;
  const { id, ...summary } = found;
  return { ...summary, lines: await claims.linesWithMoney(id), edits: await claims.editsOf(id), events: await claims.eventsOf(id) };
}

export async function listClaims(em: EntityManager, filter: { status?: string; payerId?: string; limit?: number } = {}): Promise<ClaimSummary[]> {
  if (filter.status && !isClaimStatus(filter.status)) {
    throw new BadInputError(`unknown claim status "${filter.status}" (one of ${CLAIM_STATUSES.join(', ')})`);
  }
  return new ClaimHistoryRepository(em).listSummaries({
    status: filter.status && isClaimStatus(filter.status) ? filter.status : undefined, payerCode: filter.payerId, limit: filter.limit ?? 1000,
  });
}

/** Claims per status, for the demo and the CLI summary. */
export async function countByStatus(em: EntityManager): Promise<Record<string, number>> {
  return new ClaimHistoryRepository(em).countByStatus();
}
