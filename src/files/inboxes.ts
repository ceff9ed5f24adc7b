// The inbox folders the engine watches, one per kind of file a mailbox delivers. Each
// capability adds its folder here with the function that stores the file and enqueues its job
// (in one transaction).
import type { EntityManager } from '@mikro-orm/postgresql';

export interface InboxDefinition {
  /** Sub-folder of INBOX_ROOT, e.g. '837'. */
  folder: string;
  /** Store the file and enqueue its processing, inside the given transaction. */
  accept(em: EntityManager, fileName: string, content: Buffer): Promise<void>;
}

export const inboxes: InboxDefinition[] = [];
