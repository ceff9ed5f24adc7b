// Keeps a running engine process honest about its queue prefix's binding (installation-binding.ts).
// At start the engine binds at once if Redis answers; if Redis is down it starts without workers
// and relay delivery (jobs wait in the outbox) and this guard binds as soon as Redis is back,
// then lets the work start. Once bound it re-reads the key every INSTALLATION_CHECK_MS (one GET):
// if another installation has taken the prefix over (`rcm install rebind` elsewhere), the process
// must stop working at once: its next job might be the other installation's.
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { describeError } from '../errors.js';
import { bindPrefix, InstallationConflictError, type ThisInstallation } from './installation-binding.js';

export type GuardState = 'unbound' | 'bound' | 'lost';

export interface GuardHandlers {
  /** The prefix is bound to this installation for the first time in this process: start the work. */
  onBound(): void;
  /** Another installation holds the prefix: stop the work. Called once. */
  onLost(error: InstallationConflictError): void;
}

export class InstallationGuard {
  private current: GuardState = 'unbound';
  private timer: NodeJS.Timeout | undefined;
  private handlers: GuardHandlers | undefined;
  private checking: Promise<void> | undefined;
  private redisFailures = 0;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    readonly prefix: string,
    readonly self: ThisInstallation,
    private readonly logger: Logger,
    private readonly checkMs: number,
  ) {}

  get state(): GuardState {
    return this.current;
  }

  /**
   * One attempt to bind: true when bound, false when Redis is unreachable or our own rebind is
   * still clearing the prefix. Throws InstallationConflictError (the caller refuses to start).
   */
  async bindNow(): Promise<boolean> {
    try {
      const result = await bindPrefix(this.redis, this.prefix, this.self);
      if (result.state === 'rebinding') {
        this.logger.warn({ prefix: this.prefix, since: result.binding.boundAt }, '`rcm install rebind` is clearing the queue prefix; waiting for it to finish');
        return false;
      }
      if (this.current === 'unbound') {
        this.logger.info({ prefix: this.prefix, installation: this.self.id, created: result.created }, 'queue prefix bound to this installation');
      } else if (result.created) {
        this.logger.warn({ prefix: this.prefix, installation: this.self.id }, 'the queue prefix binding was missing (Redis emptied?); bound it again');
      }
      this.current = 'bound';
      this.redisFailures = 0;
      return true;
    } catch (error) {
      if (error instanceof InstallationConflictError) throw error;
      this.redisFailures += 1;
      if (this.redisFailures === 1) this.logger.warn({ ...describeError(error) }, 'cannot check the queue prefix binding yet (Redis unreachable)');
      return false;
    }
  }

  /** Starts the periodic check (and, while unbound, the attempts to bind). */
  watch(handlers: GuardHandlers): void {
    this.handlers = handlers;
    this.schedule();
  }

  /**
   * Checks (and if the key is gone, binds) now rather than at the next turn: called when the Redis
   * connection comes back, since a Redis restarted empty has lost the binding with everything else.
   */
  async recheck(): Promise<void> {
    if (this.stopped || this.current === 'lost') return;
    while (this.checking) await this.checking;
    this.checking = this.check().finally(() => {
      this.checking = undefined;
    });
    await this.checking;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.checking;
  }

  private schedule(): void {
    if (this.stopped || this.current === 'lost') return;
    // Unbound (Redis was down at start): try again soon, so work starts soon after Redis is back.
    const delay = this.current === 'unbound' ? Math.min(this.checkMs, 1000) : this.checkMs;
    this.timer = setTimeout(() => {
      this.checking = this.check().finally(() => {
        this.checking = undefined;
        this.schedule();
      });
    }, delay);
  }

  private async check(): Promise<void> {
    const wasBound = this.current === 'bound';
    try {
      // Binding again is also the check: a missing key (Redis emptied) is set again, ours is left.
      const bound = await this.bindNow();
      if (bound && !wasBound) this.handlers?.onBound();
    } catch (error) {
      this.current = 'lost';
      this.handlers?.onLost(error as InstallationConflictError);
    }
  }
}
