// Queue-board sign-in sessions (table `board_session`), found by the sha256 of the cookie's secret.
// A session is live while it has not ended or expired, its token is neither revoked nor expired,
// and its person is active: one statement decides all of it.
import type { Run } from '../sql.js';

export interface NewBoardSession {
  secretHash: string;
  personId: number;
  tokenId: number;
  expiresAt: Date;
}

export class BoardSessionsRepository {
  constructor(private readonly run: Run) {}

  async insert(session: NewBoardSession, at: Date): Promise<number> {
    const [row] = await this.run<{ id: number }>(
      `insert into board_session (secret_hash, person_id, token_id, created_at, expires_at) values (?, ?, ?, ?, ?) returning id`,
      [session.secretHash, session.personId, session.tokenId, at, session.expiresAt],
    );
    return Number(row.id);
  }

  /** The live session's id and person, or undefined. */
  async findLive(secretHash: string, now: Date): Promise<{ id: number; personId: number } | undefined> {
    const [row] = await this.run<{ id: number; person_id: number }>(
      `select b.id, b.person_id from board_session b
         join api_token t on t.id = b.token_id
         join specialist s on s.id = b.person_id
       where b.secret_hash = ? and b.ended_at is null and b.expires_at > ?
         and t.revoked_at is null and (t.expires_at is null or t.expires_at > ?) and s.active`,
      [secretHash, now, now],
    );
    return row ? { id: Number(row.id), personId: Number(row.person_id) } : undefined;
  }

  /** Ends a session that has not ended yet; undefined when there is none. */
  async end(secretHash: string, at: Date): Promise<{ id: number; personId: number } | undefined> {
    const [row] = await this.run<{ id: number; person_id: number }>(
      `update board_session set ended_at = ? where secret_hash = ? and ended_at is null returning id, person_id`,
      [at, secretHash],
    );
    return row ? { id: Number(row.id), personId: Number(row.person_id) } : undefined;
  }

  /** Sessions over for more than a day are no use to anyone: deleted at each sign-in. */
  async deleteOld(before: Date): Promise<void> {
    await this.run(`delete from board_session where expires_at < ? or ended_at < ?`, [before, before]);
  }
}
