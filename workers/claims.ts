// Handlers of the `claims` queue. Import, scrub, submit and ack arrive with the claims issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';

export const claimsHandlers: QueueHandlers<typeof catalog, 'claims'> = {};
