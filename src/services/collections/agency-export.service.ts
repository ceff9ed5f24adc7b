// The day's agency referral file: every account the dunning pass referred on `asOf`, written as one
// CSV (src/domain/collections/agency-referral.ts) to the configured folder. Read from the statements
// table, so a second pass the same day rewrites the same file; written to a temporary name and
// renamed, so the agency's pickup never sees half a file. The file holds PHI: it stays on this disk.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { agencyReferralCsv, agencyReferralFileName } from '../../domain/collections/agency-referral.js';
import { StatementsRepository } from '../../db/repositories/statements.repository.js';

/** Writes the file and returns its path, or null when nobody was referred that day. */
export async function exportAgencyReferrals(em: EntityManager, asOf: string, folder: string): Promise<string | null> {
  const referrals = await new StatementsRepository(em).agencyReferrals(asOf);
  if (referrals.length === 0) return null;
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = resolve(join(folder, agencyReferralFileName(asOf)));
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, agencyReferralCsv(referrals), { mode: 0o600 });
  await rename(partial, path);
  return path;
}
