// This database's installation identity (table `installation`, one row made when the database is
// first migrated). The queue prefix is bound to it in Redis (src/queues/installation-binding.ts).
// On a bare `Run`, so the CLI reads it without loading the ORM.
import { RcmError } from '../../errors.js';
import type { Run } from '../sql.js';

export interface InstallationIdentity {
  id: string;
  createdAt: Date;
}

/**
 * The installation row; made now if it is missing (a table emptied by hand, a partial restore),
 * so every database always has exactly one identity. A new one, though: jobs of the old identity
 * are then another installation's, which is the safe reading.
 */
export async function thisInstallation(run: Run): Promise<InstallationIdentity> {
  try {
    const [row] = await run<{ id: string; created_at: Date }>(
      `with made as (insert into installation default values on conflict (one_row) do nothing returning id, created_at)
       select id, created_at from made union all select id, created_at from installation limit 1`,
    );
    return { id: row.id, createdAt: row.created_at };
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') {
      throw new RcmError('this database has no installation table yet: run `rcm db migrate` (npm start migrates by itself)');
    }
    throw error;
  }
}
