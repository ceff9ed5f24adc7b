// Helpers the benchmarks share.
export { deleteQueueKeys } from '../src/queues/maintenance.js';

/** Peak resident set size of this process so far, in MB (Linux reports ru_maxrss in KB). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
