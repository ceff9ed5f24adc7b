// API tokens: created and revoked by an active admin (audited, in one transaction with the change),
// listed without secrets, and verified for a request (src/http/auth.ts).
import type { Orm } from '../../db/orm.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { PeopleRepository } from '../../db/repositories/people.repository.js';
import { TokensRepository, type TokenListing } from '../../db/repositories/tokens.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { expiresAt as expiryFrom, mintToken, parseToken, secretMatches, shouldRecordUse, type TokenRefusal } from '../../domain/people/api-token.js';
import { PersonRefused, type Person } from '../../domain/people/person.js';
import { checkActor } from './people.service.js';

export interface CreatedToken {
  /** Shown once; only its hash is kept. */
  token: string;
  id: string;
  login: string;
  expiresAt: string | null;
}

export async function createToken(orm: Orm, actor: string, login: string, options: { expiresIn?: string }, at: Date): Promise<CreatedToken> {
  const expiresAt = options.expiresIn === undefined ? null : expiryFrom(options.expiresIn, at);
  return inTransaction(orm, async ({ people, tokens, audit }) => {
    await checkActor(people, actor, { bootstrap: false });
    const person = await people.findByLogin(login);
    if (!person) throw new PersonRefused(`unknown person "${login}"; nothing changed`, { unknown: true });
    if (!person.active) throw new PersonRefused(`${login} is deactivated; no token made`);
    const minted = mintToken();
    await tokens.insert({ publicId: minted.publicId, secretHash: minted.secretHash, personId: person.id, createdBy: actor, expiresAt }, at);
    await audit.record({
      actor, action: 'token.create', subjectType: 'token', subjectId: minted.publicId,
      detail: { person: person.id, expiresAt: expiresAt?.toISOString() ?? null },
    }, at);
    return { token: minted.token, id: minted.publicId, login, expiresAt: expiresAt?.toISOString() ?? null };
  });
}

export async function revokeToken(orm: Orm, actor: string, publicId: string, at: Date): Promise<{ token: TokenListing; changed: boolean }> {
  return inTransaction(orm, async ({ people, tokens, audit }) => {
    await checkActor(people, actor, { bootstrap: false });
    if (!(await tokens.findListing(publicId))) throw new PersonRefused(`unknown token "${publicId}" (see rcm tokens list); nothing changed`, { unknown: true });
    const changed = await tokens.revoke(publicId, at);
    if (changed) await audit.record({ actor, action: 'token.revoke', subjectType: 'token', subjectId: publicId, detail: null }, at);
    return { token: (await tokens.findListing(publicId))!, changed };
  });
}

/** The person, and the token's row id (a board session is tied to the token it was opened with). */
export type TokenCheck = { person: Person; tokenId: number } | { refused: TokenRefusal };

/**
 * Who a presented token belongs to, or why it is refused. The secret is compared by hash in
 * constant time; last_used_at is written at most once a minute per token.
 */
export async function verifyToken(run: Run, presented: string | undefined | null, now: Date): Promise<TokenCheck> {
  if (presented === undefined || presented === null || presented.trim() === '') return { refused: 'missing' };
  const parts = parseToken(presented);
  if (!parts) return { refused: 'malformed' };
  const tokens = new TokensRepository(run);
  const stored = await tokens.findForCheck(parts.publicId);
  if (!stored || !secretMatches(parts.secret, stored.secretHash)) return { refused: 'unknown' };
  if (stored.revokedAt !== null) return { refused: 'revoked' };
  if (stored.expiresAt !== null && stored.expiresAt.getTime() <= now.getTime()) return { refused: 'expired' };
  const person = stored.person;
  if (!person?.active) return { refused: 'inactive' };
  if (shouldRecordUse(stored.lastUsedAt, now)) await tokens.recordUse(stored.rowId, now);
  return { person, tokenId: stored.rowId };
}

async function inTransaction<T>(orm: Orm, work: (repos: { people: PeopleRepository; tokens: TokensRepository; audit: AuditRepository }) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(async (em) => {
    const run = sqlRunner(em);
    return work({ people: new PeopleRepository(run), tokens: new TokensRepository(run), audit: new AuditRepository(run) });
  });
}
