// The one list of job handlers: every queue's module registers here, and the registry
// refuses an unknown job name or a second handler for the same job.
import { HandlerRegistry } from '../src/queues/handlers.js';
import { catalog } from '../src/queues/registry.js';
import { claimsHandlers } from './claims.js';
import { postingHandlers } from './posting.js';
import { reconciliationHandlers } from './reconciliation.js';
import { collectionsHandlers } from './collections.js';
import { tasksHandlers } from './tasks.js';

export function engineHandlers(): HandlerRegistry<typeof catalog> {
  return new HandlerRegistry(catalog)
    .register('claims', claimsHandlers)
    .register('posting', postingHandlers)
    .register('reconciliation', reconciliationHandlers)
    .register('collections', collectionsHandlers)
    .register('tasks', tasksHandlers);
}
