// Global mocha hooks. Integration helpers register what they start here so that a test that
// leaves a worker running fails instead of leaking into the next test.
import { liveWorkers } from './live-workers.js';

export const mochaHooks = {
  afterEach(this: Mocha.Context) {
    if (liveWorkers.size > 0) {
      const names = [...liveWorkers].join(', ');
      liveWorkers.clear();
      throw new Error(`test left workers running: ${names}`);
    }
  },
};
