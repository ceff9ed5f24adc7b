// Moves claims along the status model (draft -> ready | edits -> submitted -> accepted |
// rejected -> paid ...) and writes one timestamped event per change, in bulk. A claim not in
// one of the expected statuses is left alone, which is what makes re-delivered jobs harmless.
import type { ClaimStatus } from '../../db/entities/index.js';
import { json, type Run } from '../../db/sql.js';

export async function moveClaims(
  run: Run, claimIds: readonly number[], from: readonly ClaimStatus[], to: ClaimStatus, detail: Record<string, unknown> = {},
): Promise<number[]> {
  if (claimIds.length === 0) return [];
  const moved = await run<{ id: number }>(
    `with old as (select id, status from claim where id = any(?) and status = any(?) for update),
          upd as (update claim c set status = ?, updated_at = now() from old where c.id = old.id returning c.id, old.status as from_status)
     insert into claim_event (claim_id, from_status, to_status, detail, at)
     select id, from_status, ?, ?::jsonb, now() from upd
     returning claim_id as id`,
    [claimIds, from, to, to, json(detail)],
  );
  return moved.map((r) => r.id);
}
