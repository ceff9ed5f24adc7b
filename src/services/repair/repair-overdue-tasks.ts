// Repair of missed escalations: an open task whose next escalation fell due longer ago than the
// grace and has not happened lost its sla job (or the job failed for good). It gets a new one
// through the outbox; the job works out the level from the clock, so it escalates as far as is
// due by then, and escalates nothing twice (task-sla.service.ts).
import { TaskEscalationRepository } from '../../db/repositories/task-escalation.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { enqueueRepair, type RepairContext } from './repair-context.js';

export async function repairOverdueTasks(ctx: RepairContext): Promise<number> {
  const tasks = new TaskEscalationRepository(sqlRunner(ctx.tx));
  let checked = 0;
  for (let after = 0; ;) {
    const ids = await tasks.missedEscalations(after, ctx.graceMs, ctx.pageSize);
    if (ids.length === 0) return checked;
    checked += ids.length;
    after = ids[ids.length - 1];
    for (const taskId of ids) {
      const jobId = await enqueueRepair(ctx, 'tasks', 'sla', { taskId });
      ctx.repaired({ kind: 'overdue-task', subject: `task ${taskId}`, jobId });
    }
  }
}
