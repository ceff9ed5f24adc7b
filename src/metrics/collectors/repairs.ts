// What the repair sweep has put right, by kind, over the installation's life (repair_event), and
// the sweeps run. Read from Postgres, so every API process reports the same figures.
import { Gauge } from 'prom-client';
import { REPAIR_KINDS } from '../../db/entities/repair.js';
import { readBriefly } from '../../db/repositories/operations-metrics.repository.js';
import { RepairRepository } from '../../db/repositories/repair.repository.js';
import { METRIC_PREFIX, type CollectorFactory } from '../collector.js';

export const repairs: CollectorFactory = (registry, { orm, timeoutMs }) => {
  const made = new Gauge({
    name: `${METRIC_PREFIX}repairs_made`, help: 'Repairs the repair sweep has made, by kind, all time (repair_event; rises as repairs are made)',
    labelNames: ['kind'], registers: [registry],
  });
  const sweeps = new Gauge({ name: `${METRIC_PREFIX}repair_sweeps`, help: 'Repair sweeps run, all time (repair_sweep)', registers: [registry] });
  const lastSweep = new Gauge({
    name: `${METRIC_PREFIX}repair_last_sweep_timestamp_seconds`, help: 'When the last repair sweep finished (Unix time; 0 if none has)', registers: [registry],
  });
  return {
    name: 'repairs',
    async collect() {
      const totals = await readBriefly(orm, timeoutMs, (_run, em) => new RepairRepository(em).totals());
      for (const kind of REPAIR_KINDS) made.set({ kind }, totals.repairs[kind] ?? 0);
      sweeps.set(totals.sweeps);
      lastSweep.set(totals.lastSweepAt ? Date.parse(totals.lastSweepAt) / 1000 : 0);
    },
  };
};
