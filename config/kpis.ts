// KPI snapshots (docs/kpis.md): when the daily job stores the day that just ended, in the office's
// zone (TIMEZONE). Data only; src/services/kpis/kpi-schedule.service.ts creates the job scheduler.
export const kpiSnapshotSchedule = {
  /** 'HH:MM' in the office's zone: after midnight, so the day before is complete. */
  at: '00:30',
} as const;
