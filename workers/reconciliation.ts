// Handlers of the `reconciliation` queue. Deposit matching, account checks and aging arrive with the reconciliation issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';

export const reconciliationHandlers: QueueHandlers<typeof catalog, 'reconciliation'> = {};
