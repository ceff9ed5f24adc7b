// Polls inbox folders the way clearinghouse SFTP mailboxes deliver: a file appears, we take
// it. A file is moved to `processed/` only after its intake committed, and to `failed/` if the
// intake itself failed, so nothing is lost or taken twice. Files still being written (changed
// within the last poll) are left for the next pass. A file streams into Postgres as it is read,
// so a 100 MB 835 in the mailbox is never held whole.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import { describeError } from '../errors.js';
import type { InboxDefinition } from './inboxes.js';

export class InboxWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly orm: MikroORM,
    private readonly root: string,
    private readonly inboxes: InboxDefinition[],
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly afterIntake: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    for (const inbox of this.inboxes) {
      for (const sub of ['', 'processed', 'failed']) await mkdir(join(this.root, inbox.folder, sub), { recursive: true });
    }
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every inbox; returns how many files were taken in. */
  async scanOnce(minAgeMs = 0): Promise<number> {
    let taken = 0;
    for (const inbox of this.inboxes) {
      const folder = join(this.root, inbox.folder);
      const names = (await readdir(folder, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name).sort();
      for (const name of names) {
        const path = join(folder, name);
        const info = await stat(path);
        if (Date.now() - info.mtimeMs < minAgeMs) continue;
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const content = createReadStream(path);
        // A read error reaches whoever iterates the stream; unread, it must not crash the process.
        content.on('error', () => undefined);
        try {
          await this.orm.em.fork().transactional((em) => inbox.accept(em, name, content));
          content.destroy(); // read to the end already, unless accept chose not to read it
          await rename(path, join(folder, 'processed', `${stamp}-${name}`));
          taken += 1;
          this.logger.info({ inbox: inbox.folder, bytes: info.size }, 'took a file from the inbox');
        } catch (error) {
          content.destroy();
          await rename(path, join(folder, 'failed', `${stamp}-${name}`));
          this.logger.error({ inbox: inbox.folder, ...describeError(error) }, 'inbox intake failed; file moved to failed/');
        }
      }
    }
    if (taken > 0) this.afterIntake();
    return taken;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.scanOnce(this.pollMs)
        .then(
          () => undefined,
          (error) => this.logger.error({ ...describeError(error) }, 'inbox scan failed'),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.pollMs);
  }
}
