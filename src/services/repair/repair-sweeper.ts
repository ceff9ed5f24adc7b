// Runs the repair sweep in an engine process: once at start, then every `intervalMs` (0: at start
// only), and soon after Redis comes back from a disconnection (a restarted Redis has lost every
// job). A sweep that fails (Redis or Postgres down) is logged and tried again at the next turn.
import type { Logger } from '../../logger.js';
import { describeError } from '../../errors.js';
import type { SweepResult, SweepTrigger } from './repair-sweep.service.js';

export type RunSweep = (trigger: SweepTrigger) => Promise<SweepResult>;

export class RepairSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private queued: SweepTrigger | undefined;

  constructor(
    private readonly runSweep: RunSweep,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    /** Called after a sweep that repaired something (the relay is kicked to deliver its rows). */
    private readonly afterRepairs: () => void = () => undefined,
  ) {}

  start(): void {
    this.stopped = false;
    this.kick('start');
  }

  /** A sweep soon: now if none is running, else right after the running one. */
  kick(trigger: SweepTrigger): void {
    if (this.stopped) return;
    if (this.running) {
      this.queued ??= trigger;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.sweep(trigger).finally(() => {
      this.running = undefined;
      const next = this.queued;
      this.queued = undefined;
      if (this.stopped) return;
      if (next) this.kick(next);
      else if (this.intervalMs > 0) this.timer = setTimeout(() => this.kick('interval'), this.intervalMs);
    });
  }

  /** Waits for a running sweep, and starts no other. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async sweep(trigger: SweepTrigger): Promise<void> {
    try {
      const result = await this.runSweep(trigger);
      if (result.repairs.length > 0) this.afterRepairs();
    } catch (error) {
      this.logger.warn({ trigger, ...describeError(error) }, 'repair sweep failed; will try again');
    }
  }
}
