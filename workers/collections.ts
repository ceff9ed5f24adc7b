// Handlers of the `collections` queue. Dunning, payment plans and follow-up arrive with the collections issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';

export const collectionsHandlers: QueueHandlers<typeof catalog, 'collections'> = {};
