// The collectors GET /metrics runs at every scrape, one module each. A new measure is a new module
// added here.
import type { CollectorFactory } from '../collector.js';
import { breakers } from './breakers.js';
import { jobAttempts } from './job-attempts.js';
import { officeKpiGauges } from './kpis.js';
import { outboxLag } from './outbox.js';
import { queueJobs } from './queue-jobs.js';
import { repairs } from './repairs.js';
import { tasks } from './tasks.js';

export const collectors: CollectorFactory[] = [queueJobs, jobAttempts, outboxLag, repairs, tasks, breakers, officeKpiGauges];
