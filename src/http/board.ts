// bull-board at /board, read from the same queues the engine runs. Job payloads hold ids only,
// so the board shows no patient data.
import type { FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { QueueSet } from '../queues/queue-set.js';

export const BOARD_PATH = '/board';

export async function mountQueueBoard(app: FastifyInstance, queues: QueueSet): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.all().map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    // The sign-in page shows who is signed in and has the sign-out button.
    options: { uiConfig: { boardTitle: 'RCM queues', miscLinks: [{ text: 'Sign-in / sign out', url: `${BOARD_PATH}/login` }] } },
  });
  // bull-board answers errors in its own scope with the error's message; handing them on to
  // the app's handler (src/http/error-handler.ts) gives the board's routes the same answers.
  serverAdapter.setErrorHandler((error) => {
    throw error;
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
}
