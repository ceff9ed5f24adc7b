// Tasks not yet finished, by type: the claims and posting steps say what work they opened. Most
// of it is already with someone by then (the tasks worker assigns as tasks open), so the pool
// alone would look empty.
import { sqlRunner } from '../../src/db/sql.js';
import type { DemoContext } from './context.js';

export async function unfinishedTaskCounts(ctx: DemoContext, types: readonly string[]): Promise<string> {
  const rows = await sqlRunner(ctx.orm.em.fork())<{ type: string; n: number; waiting: number }>(
    `select type, count(*)::int as n, (count(*) filter (where status = 'open'))::int as waiting from task
     where type = any(?::text[]) and status in ('open', 'assigned', 'in-progress') group by type order by type`, [types]);
  return rows.map((r) => `${r.type} ${r.n} (${r.waiting} unassigned)`).join(', ') || 'none';
}
