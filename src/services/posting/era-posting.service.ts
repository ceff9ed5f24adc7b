// Intake of an 835: it is stored and its `posting.era` job enqueued in one transaction (CLI, API
// and inbox all come through receiveEra). The job itself is in workers/posting.ts.
import type { EntityManager } from '@mikro-orm/postgresql';
import { enqueue } from '../../queues/producer.js';
import { receiveEdiFile } from '../edi-intake.service.js';

export interface ReceivedEra {
  fileId: number;
  /** The same bytes arrived before: nothing is enqueued again. */
  duplicate: boolean;
}

/** Stores the file and enqueues `posting.era` in the caller's transaction. */
export async function receiveEra(em: EntityManager, input: { fileName: string; content: Buffer }): Promise<ReceivedEra> {
  const received = await receiveEdiFile(em, { kind: '835', fileName: input.fileName, content: input.content });
  if (!received.duplicate) {
    enqueue(em, 'posting', 'era', { fileId: received.fileId });
    await em.flush();
  }
  return received;
}

/** Whether a file from a clearinghouse mailbox is an 835 (routed to posting, not to the ack reader). */
export function isEra835(content: Buffer): boolean {
  const head = content.subarray(0, 4096).toString('latin1');
  const separator = head.trimStart()[3] ?? '*';
  return head.includes(`ST${separator}835${separator}`);
}
