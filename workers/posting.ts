// Handlers of the `posting` queue. ERA posting arrives with the payment-posting issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';

export const postingHandlers: QueueHandlers<typeof catalog, 'posting'> = {};
