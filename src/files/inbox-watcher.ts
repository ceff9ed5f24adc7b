// Polls inbox folders the way clearinghouse SFTP mailboxes deliver: a file appears, we take
// it. A file is moved to `processed/` only after its intake committed, and to `failed/` only when
// the file itself is at fault (it cannot be read), so nothing is lost or taken twice. While
// PostgreSQL cannot be reached a file stays where it is and the watcher tries again with
// backoff; taking the same file again is harmless, because intake answers the earlier file for
// the same bytes (a commit whose answer was lost, or a second watcher, imports nothing twice).
// Files still being written (changed within the last poll) are left for the next pass. A file
// streams into Postgres as it is read, so a 100 MB 835 in the mailbox is never held whole.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import { describeError } from '../errors.js';
import { isOutage } from '../util/outage.js';
import type { InboxDefinition } from './inboxes.js';

export interface InboxRetryOptions {
  /** Longest wait between two tries while Postgres is unreachable (the wait doubles up to it). */
  maxDelayMs?: number;
  /** While the outage lasts, a reminder is logged every this many failed tries. */
  logEvery?: number;
}

type Outcome = 'taken' | 'skipped' | 'failed' | 'outage';

export class InboxWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Set while Postgres cannot be reached: since when, and how many tries in a row failed. */
  private outage: { since: number; failures: number } | undefined;
  /** Files are named in logs by `<time>-<sequence>` (their prefix in processed/ or failed/), never by the sender's name. */
  private sequence = 0;
  private readonly maxDelayMs: number;
  private readonly logEvery: number;

  constructor(
    private readonly orm: MikroORM,
    private readonly root: string,
    private readonly inboxes: InboxDefinition[],
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly afterIntake: () => void = () => undefined,
    retry: InboxRetryOptions = {},
  ) {
    this.maxDelayMs = Math.max(pollMs, retry.maxDelayMs ?? 60_000);
    this.logEvery = retry.logEvery ?? 10;
  }

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

  /** How many tries in a row found Postgres unreachable (0 while intake works). */
  get failedTries(): number {
    return this.outage?.failures ?? 0;
  }

  /**
   * One pass over every inbox; returns how many files were taken in. An outage ends the pass
   * at once: the other files would fail the same way, and all of them stay for the next one.
   */
  async scanOnce(minAgeMs = 0): Promise<number> {
    let taken = 0;
    try {
      for (const inbox of this.inboxes) {
        const folder = join(this.root, inbox.folder);
        const names = (await readdir(folder, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name).sort();
        for (const name of names) {
          const outcome = await this.takeFile(inbox, folder, name, minAgeMs);
          if (outcome === 'outage') return taken;
          if (outcome === 'taken') taken += 1;
        }
      }
    } finally {
      if (taken > 0) this.afterIntake();
    }
    return taken;
  }

  private async takeFile(inbox: InboxDefinition, folder: string, name: string, minAgeMs: number): Promise<Outcome> {
    const path = join(folder, name);
    // Gone since the listing: another watcher took it.
    const info = await stat(path).catch(() => undefined);
    // minAgeMs 0 takes every file: a file written this millisecond can show an mtime a fraction
    // of a millisecond after Date.now(), an age below zero.
    if (!info || (minAgeMs > 0 && Date.now() - info.mtimeMs < minAgeMs)) return 'skipped';
    const label = this.nextLabel();
    const content = createReadStream(path);
    // A read error reaches whoever iterates the stream; unread, it must not crash the process.
    content.on('error', () => undefined);
    let received: Awaited<ReturnType<InboxDefinition['accept']>>;
    try {
      received = await this.orm.em.fork().transactional((em) => inbox.accept(em, name, content));
    } catch (error) {
      if (isOutage(error)) {
        this.noteOutage(inbox.folder, error);
        return 'outage';
      }
      await moveAside(path, join(folder, 'failed', `${label}-${name}`));
      this.logger.error({ inbox: inbox.folder, file: label, ...describeError(error) }, 'inbox file cannot be taken in; moved to failed/');
      return 'failed';
    } finally {
      content.destroy(); // read to the end already, unless accept chose not to read it
    }
    this.noteRecovery();
    await moveAside(path, join(folder, 'processed', `${label}-${name}`));
    this.logger.info({ inbox: inbox.folder, file: label, bytes: info.size, ...(received ?? {}) }, 'took a file from the inbox');
    return 'taken';
  }

  private noteOutage(inbox: string, error: unknown): void {
    const outage = (this.outage ??= { since: Date.now(), failures: 0 });
    outage.failures += 1;
    // Once when it starts, then now and then: an outage of hours must not flood the log.
    if (outage.failures === 1 || outage.failures % this.logEvery === 0) {
      this.logger.warn(
        { inbox, failures: outage.failures, outageMs: Date.now() - outage.since, retryInMs: this.nextDelayMs(), ...describeError(error) },
        'database unreachable: inbox files stay in place and are tried again',
      );
    }
  }

  private noteRecovery(): void {
    if (!this.outage) return;
    this.logger.info({ failures: this.outage.failures, outageMs: Date.now() - this.outage.since }, 'inbox intake resumed');
    this.outage = undefined;
  }

  /** The poll interval, doubled for every failed try in a row, up to maxDelayMs. */
  private nextDelayMs(): number {
    const failures = this.outage?.failures ?? 0;
    return Math.min(this.maxDelayMs, this.pollMs * 2 ** Math.min(failures, 20));
  }

  private nextLabel(): string {
    this.sequence += 1;
    return `${new Date().toISOString().replace(/[:.]/g, '-')}-${this.sequence}`;
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
    }, this.nextDelayMs());
  }
}

/** Moves a file aside; one that is gone already was moved by another watcher after the same intake. */
async function moveAside(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
