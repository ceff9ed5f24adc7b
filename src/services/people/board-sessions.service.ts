// Signing in to the queue board: a browser cannot send a bearer token, so the person pastes their
// API token once and gets a session whose random secret travels in a cookie (only its sha256 is
// stored, never the token). Operators and admins only, as the board's routes are. Sign-in and
// sign-out are audit events, written in the same transaction as the session change.
import { randomBytes } from 'node:crypto';
import type { Orm } from '../../db/orm.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { BoardSessionsRepository } from '../../db/repositories/board-sessions.repository.js';
import { PeopleRepository } from '../../db/repositories/people.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { hashSecret, type TokenRefusal } from '../../domain/people/api-token.js';
import type { Person, PersonRole } from '../../domain/people/person.js';
import { verifyToken } from './tokens.service.js';

/** Who may sign in to the board: those who may read it (src/http/app.ts boardRoles). */
export const BOARD_ROLES: readonly PersonRole[] = ['operator', 'admin'];

export type BoardSignIn =
  | { secret: string; person: Person; expiresAt: Date }
  | { refused: TokenRefusal | 'role'; person?: Person };

const DAY_MS = 86_400_000;

export async function signInToBoard(orm: Orm, presentedToken: string, now: Date, sessionHours: number): Promise<BoardSignIn> {
  return orm.em.fork().transactional(async (em) => {
    const run = sqlRunner(em);
    const check = await verifyToken(run, presentedToken, now);
    if ('refused' in check) return { refused: check.refused };
    if (!BOARD_ROLES.includes(check.person.role)) return { refused: 'role', person: check.person };
    const sessions = new BoardSessionsRepository(run);
    await sessions.deleteOld(new Date(now.getTime() - DAY_MS));
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
    const id = await sessions.insert({ secretHash: hashSecret(secret), personId: check.person.id, tokenId: check.tokenId, expiresAt }, now);
    await new AuditRepository(run).record({
      actor: check.person.login, action: 'board.sign-in', subjectType: 'board-session', subjectId: String(id),
      detail: { expiresAt: expiresAt.toISOString() },
    }, now);
    return { secret, person: check.person, expiresAt };
  });
}

/** The person of a live session, or undefined (no such session, ended, expired, token revoked, person deactivated). */
export async function boardSessionPerson(run: Run, secret: string | undefined, now: Date): Promise<Person | undefined> {
  if (!secret) return undefined;
  const session = await new BoardSessionsRepository(run).findLive(hashSecret(secret), now);
  return session ? new PeopleRepository(run).findById(session.personId) : undefined;
}

/** Ends the session (audited); false when there was no session to end. */
export async function signOutOfBoard(orm: Orm, secret: string, now: Date): Promise<boolean> {
  return orm.em.fork().transactional(async (em) => {
    const run = sqlRunner(em);
    const ended = await new BoardSessionsRepository(run).end(hashSecret(secret), now);
    if (!ended) return false;
    const person = await new PeopleRepository(run).findById(ended.personId);
    await new AuditRepository(run).record({
      actor: person?.login ?? String(ended.personId), action: 'board.sign-out', subjectType: 'board-session', subjectId: String(ended.id), detail: null,
    }, now);
    return true;
  });
}
