// Handlers of the `tasks` queue. Assignment and SLA escalation arrive with the tasks issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';

export const tasksHandlers: QueueHandlers<typeof catalog, 'tasks'> = {};
