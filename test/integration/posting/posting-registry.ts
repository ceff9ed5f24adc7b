// The engine's catalogue with only the posting handlers registered: posting tests run the real
// posting code without loading other queues' handlers, which change under their own issues.
import { HandlerRegistry } from '../../../src/queues/handlers.js';
import { catalog } from '../../../src/queues/registry.js';
import { postingHandlers } from '../../../workers/posting.js';

export function postingRegistry(): HandlerRegistry<typeof catalog> {
  return new HandlerRegistry(catalog).register('posting', postingHandlers);
}
