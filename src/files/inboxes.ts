// The inbox folders the engine watches, one per kind of file a mailbox delivers. Each
// capability adds its folder here with the function that stores the file and enqueues its job
// (in one transaction).
import type { EntityManager } from '@mikro-orm/postgresql';
import { receiveAckFile, receiveClaimFile, receiveEra, type FileBytes, type ReceivedFile } from '../services/intake.service.js';

export interface InboxDefinition {
  /** Sub-folder of INBOX_ROOT, e.g. '837'. */
  folder: string;
  /**
   * Store the file (streamed from disk as it is read) and enqueue its processing, inside the
   * given transaction. Must be safe to call again for the same bytes (the watcher retries after
   * an outage): intake answers the earlier file, marked duplicate, and enqueues nothing again.
   */
  accept(em: EntityManager, fileName: string, content: FileBytes): Promise<ReceivedFile | void>;
}

export const inboxes: InboxDefinition[] = [
  { folder: '835', accept: (em, fileName, content) => receiveEra(em, { fileName, content }) },
  // 837P or JSON claims from practice systems.
  { folder: '837', accept: (em, fileName, content) => receiveClaimFile(em, { fileName, content }) },
  // TA1, 999 and 277CA replies from the clearinghouse mailbox.
  { folder: 'acks', accept: (em, fileName, content) => receiveAckFile(em, { fileName, content }) },
];
