// Moved to claim-waits.service.ts; this path stays until src/cli imports the new one.
export * from './claim-waits.service.js';
