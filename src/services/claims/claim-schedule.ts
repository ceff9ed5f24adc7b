// Moved to claim-schedule.service.ts; this path stays until src/cli imports the new one.
export * from './claim-schedule.service.js';
