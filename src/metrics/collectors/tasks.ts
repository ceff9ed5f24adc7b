// Work waiting for people: open (open, assigned, in progress) tasks by type and status, and those
// past their due time by type. Every task type in config/task-types.ts is reported, at 0 when it
// has none, so a dashboard's series do not come and go.
import { Gauge } from 'prom-client';
import { TASK_TYPE_NAMES } from '../../../config/task-types.js';
import { OperationsMetricsRepository, readBriefly } from '../../db/repositories/operations-metrics.repository.js';
import { METRIC_PREFIX, type CollectorFactory } from '../collector.js';

export const tasks: CollectorFactory = (registry, { orm, clock, timeoutMs }) => {
  const open = new Gauge({
    name: `${METRIC_PREFIX}tasks_open`, help: 'Tasks not yet done or cancelled, by type and status (open, assigned, in-progress)',
    labelNames: ['type', 'status'], registers: [registry],
  });
  const overdue = new Gauge({
    name: `${METRIC_PREFIX}tasks_overdue`, help: 'Tasks not yet done or cancelled whose due time has passed, by type',
    labelNames: ['type'], registers: [registry],
  });
  return {
    name: 'tasks',
    async collect() {
      const counts = await readBriefly(orm, timeoutMs, (sql) => new OperationsMetricsRepository(sql).openTasks(clock.now()));
      open.reset();
      overdue.reset();
      for (const type of TASK_TYPE_NAMES) {
        open.set({ type, status: 'open' }, 0);
        overdue.set({ type }, 0);
      }
      for (const row of counts) {
        open.set({ type: row.type, status: row.status }, row.open);
        overdue.inc({ type: row.type }, row.overdue);
      }
    },
  };
};
