// API tokens (table `api_token`). Reads never return the secret's hash to callers that list.
import type { Person } from '../../domain/people/person.js';
import { SELECT_PEOPLE, toPerson, type PersonRow } from './people.repository.js';
import type { Run } from '../sql.js';

export interface TokenListing {
  id: string; // the public id
  login: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface TokenForCheck {
  rowId: number;
  secretHash: string;
  personId: number;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** The token's person, read in the same query: one round trip per request's sign-in. */
  person: Person | undefined;
}

interface ListingRow { public_id: string; login: string; created_by: string; created_at: Date; expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null }

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

export class TokensRepository {
  constructor(private readonly run: Run) {}

  async insert(token: { publicId: string; secretHash: string; personId: number; createdBy: string; expiresAt: Date | null }, at: Date): Promise<void> {
    await this.run(
      `insert into api_token (public_id, secret_hash, person_id, created_by, created_at, expires_at) values (?, ?, ?, ?, ?, ?)`,
      [token.publicId, token.secretHash, token.personId, token.createdBy, at, token.expiresAt],
    );
  }

  async list(login?: string): Promise<TokenListing[]> {
    const rows = await this.run<ListingRow>(
      `select t.public_id, s.login, t.created_by, t.created_at, t.expires_at, t.revoked_at, t.last_used_at
       from api_token t join specialist s on s.id = t.person_id ${login === undefined ? '' : 'where s.login = ?'} order by t.created_at, t.id`,
      login === undefined ? [] : [login],
    );
    return rows.map((r) => ({
      id: r.public_id, login: r.login, createdBy: r.created_by, createdAt: iso(r.created_at)!, expiresAt: iso(r.expires_at),
      revokedAt: iso(r.revoked_at), lastUsedAt: iso(r.last_used_at),
    }));
  }

  async findListing(publicId: string): Promise<TokenListing | undefined> {
    return (await this.list()).find((t) => t.id === publicId);
  }

  /** Marks a token revoked; false when there is no such token or it was already revoked. */
  async revoke(publicId: string, at: Date): Promise<boolean> {
    const rows = await this.run(`update api_token set revoked_at = ? where public_id = ? and revoked_at is null returning id`, [at, publicId]);
    return rows.length > 0;
  }

  async findForCheck(publicId: string): Promise<TokenForCheck | undefined> {
    const [row] = await this.run<PersonRow & { token_id: number; secret_hash: string; person_id: number; expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null }>(
      `select t.id as token_id, t.secret_hash, t.person_id, t.expires_at, t.revoked_at, t.last_used_at, p.*
       from api_token t left join (${SELECT_PEOPLE}) p on p.id = t.person_id where t.public_id = ?`,
      [publicId],
    );
    const date = (d: Date | null): Date | null => (d === null ? null : new Date(d));
    return row ? {
      rowId: Number(row.token_id), secretHash: row.secret_hash, personId: Number(row.person_id), expiresAt: date(row.expires_at),
      revokedAt: date(row.revoked_at), lastUsedAt: date(row.last_used_at), person: row.id === null ? undefined : toPerson(row),
    } : undefined;
  }

  /** Conditional, so concurrent requests in the same minute write at most once. */
  async recordUse(rowId: number, now: Date): Promise<void> {
    await this.run(
      `update api_token set last_used_at = ? where id = ? and (last_used_at is null or last_used_at <= ?)`,
      [now, rowId, new Date(now.getTime() - 60_000)],
    );
  }
}
