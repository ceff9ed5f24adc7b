// The clearinghouse mailbox as folders: outgoing 837P files are written to the outbox folder
// (the SFTP upload directory, synced by the office's transfer job); replies (999, 277CA, 835)
// arrive in the engine's inbox folders, which the inbox watcher takes in.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClearinghouseConfig } from '../../config/clearinghouse.js';
import type { ClearinghouseAdapter, OutgoingBatch, SendResult } from './adapter.js';

export class FileClearinghouse implements ClearinghouseAdapter {
  readonly name: string;

  constructor(private readonly config: Pick<ClearinghouseConfig, 'name' | 'file'>) {
    this.name = config.name;
  }

  async send(batch: OutgoingBatch): Promise<SendResult> {
    const dir = this.config.file.outboxDir;
    await mkdir(dir, { recursive: true });
    // Written under a dot-name then renamed, so a transfer job never picks up half a file;
    // a second send of the same batch overwrites the same name with the same bytes.
    const partial = join(dir, `.${batch.fileName}.part`);
    await writeFile(partial, batch.content, 'latin1');
    await rename(partial, join(dir, batch.fileName));
    return { reference: batch.fileName, replies: [] };
  }
}
