// A queue of test jobs, declared with the same registry machinery as the engine's queues, so
// retries, crashes and shutdown are tested through the real worker adapter.
import { field, payload } from '../../src/queues/payload-fields.js';
import { HandlerRegistry } from '../../src/queues/handlers.js';
import { AuditEvent } from '../../src/db/entities/index.js';
import { BadInputError } from '../../src/errors.js';

export const testCatalog = {
  testq: {
    noop: payload({ n: field.integer() }),
    // Sleeps, then writes an audit row for `marker` exactly once (idempotent on re-run).
    slow: payload({ ms: field.integer(0, 60000), marker: field.id() }),
    // Fails with an error whose message holds invented patient data, to prove it is withheld.
    leaky: payload({ marker: field.id() }),
    bad: payload({ marker: field.id() }),
  },
};

export const FAKE_PATIENT_NAME = 'Zebulon Quixote-Testpatient';

export function testHandlers(onStart?: (jobId: string) => void): HandlerRegistry<typeof testCatalog> {
  return new HandlerRegistry(testCatalog).register('testq', {
    noop: async () => undefined,
    slow: async ({ ms, marker }, { em, jobId }) => {
      onStart?.(jobId);
      await new Promise((r) => setTimeout(r, ms));
      const done = await em.count(AuditEvent, { action: 'test.slow', subjectId: String(marker) });
      if (done === 0) {
        em.create(AuditEvent, { actor: 'test', action: 'test.slow', subjectType: 'test', subjectId: String(marker) });
        await em.flush();
      }
    },
    leaky: async () => {
      throw new Error(`patient ${FAKE_PATIENT_NAME} born 1970-01-01 not found`);
    },
    bad: async ({ marker }) => {
      throw new BadInputError(`file ${marker} is not an 837P: ISA segment missing at position 1`);
    },
  });
}
