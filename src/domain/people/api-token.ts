// API tokens in the office's terms: what a token looks like, how long it lives, and how a presented
// token is checked against the stored hash. Pure (no database); the service does the lookups.
//
// A token is `rcm_<id>_<secret>`: the id (12 hex characters) is public and names the row, so a
// presented token is found by one indexed lookup; the secret is 32 random bytes (base64url) and
// only its sha256 is stored. A plain fast hash is enough here, unlike for passwords: the secret is
// 256 bits of randomness, so there is nothing to guess a dictionary from and no salt or slow hash
// would make a brute force any less hopeless; it also keeps each request's check cheap.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PersonRefused } from './person.js';

export interface MintedToken {
  publicId: string;
  /** The whole token to hand to its owner once; never stored. */
  token: string;
  secretHash: string;
}

const TOKEN_SHAPE = /^rcm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Ten years: far beyond any sensible token life, and keeps the date arithmetic in range. */
const LONGEST_MS = 3650 * UNITS.d;

export function mintToken(random: (n: number) => Buffer = randomBytes): MintedToken {
  const publicId = random(6).toString('hex');
  const secret = random(32).toString('base64url');
  return { publicId, token: `rcm_${publicId}_${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The id and secret of a presented token, or undefined when it does not have a token's shape. */
export function parseToken(presented: string): { publicId: string; secret: string } | undefined {
  const match = TOKEN_SHAPE.exec(presented.trim());
  return match ? { publicId: match[1], secret: match[2] } : undefined;
}

/** Compares the presented secret's hash with the stored one in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** `--expires-in 30d` / `12h` / `90m` -> the expiry time from `now`; anything else is refused. */
export function expiresAt(expiresIn: string, now: Date): Date {
  const match = /^(\d+)([dhm])$/.exec(expiresIn.trim());
  const ms = match ? Number(match[1]) * UNITS[match[2] as keyof typeof UNITS] : NaN;
  if (!match || !(ms > 0) || ms > LONGEST_MS) {
    throw new PersonRefused(`--expires-in must be a positive number of days, hours or minutes at most 3650d (e.g. 30d, 12h, 90m), not "${expiresIn}"; nothing changed`);
  }
  return new Date(now.getTime() + ms);
}

export type TokenRefusal = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked' | 'inactive';

/** Used at most once a minute: recording every request would turn each read into a write. */
export function shouldRecordUse(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= 60_000;
}
