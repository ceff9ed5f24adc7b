// Acknowledgment files (TA1, 999, 277CA) as the claims.ack job applies them: the file row locked
// while it is read, and what applying it produced (kept for `--wait`, `--json` and the API).
import type { EntityManager } from '@mikro-orm/postgresql';
import { ClaimFileOutcome, type EdiFileStatus } from '../entities/index.js';
import { sqlRunner } from '../sql.js';

export interface AckCounts {
  accepted: number;
  rejected: number;
  unmatched: number;
}

export interface StoredAckOutcome extends Partial<AckCounts> {
  status: EdiFileStatus;
  kind: string;
  error: string | null;
}

export class AcknowledgmentsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The file's status and kind, its row locked until the transaction ends (one applier at a time). */
  async lockFile(fileId: number): Promise<{ status: EdiFileStatus; kind: string } | undefined> {
    const [row] = await sqlRunner(this.em)<{ status: EdiFileStatus; kind: string }>('select status, kind from edi_file where id = ? for update', [fileId]);
    return row;
  }

  async recordOutcome(fileId: number, kind: string, counts: AckCounts, at: Date): Promise<void> {
    await this.em.insert(ClaimFileOutcome, { fileId, kind, accepted: counts.accepted, rejected: counts.rejected, unmatched: counts.unmatched, createdAt: at });
  }

  /** The file's fate and, once applied, its counts (read fresh: a waiting CLI polls it). */
  async findOutcome(fileId: number): Promise<StoredAckOutcome | undefined> {
    const [row] = await sqlRunner(this.em)<{ status: EdiFileStatus; kind: string; error: string | null; accepted: number | null; rejected: number | null; unmatched: number | null }>(
      `select f.status, f.kind, f.error, o.accepted, o.rejected, o.unmatched from edi_file f left join claim_file_outcome o on o.file_id = f.id where f.id = ?`, [fileId],
    );
    if (!row) return undefined;
    return {
      status: row.status, kind: row.kind, error: row.error,
      ...(row.accepted === null ? {} : { accepted: row.accepted, rejected: row.rejected ?? 0, unmatched: row.unmatched ?? 0 }),
    };
  }
}
