// A clearinghouse that answers each 837P batch at once with a 999 and a 277CA, the same way
// every time for the same seed and batch. A configurable share of claims is rejected in the
// 277CA; `unavailable` makes every send fail like an outage. The 835 arrives with posting: see the hook in REPLY_GENERATORS.
import type { ClearinghouseConfig } from '../../config/clearinghouse.js';
import type { Clock } from '../domain/clock.js';
import { TransientError } from '../errors.js';
import { read837p } from '../domain/x12/837p-reader.js';
import type { ClearinghouseAdapter, ClearinghouseReply, OutgoingBatch, SendResult } from './adapter.js';
import { simulated277ca, simulated999, type SimulatedBatch } from './simulator-replies.js';
import { simulated835 } from './simulator-835.js';

export type { SimulatedBatch } from './simulator-replies.js';

/** Makes one reply file for a batch, or none (e.g. no 835 for an all-rejected batch). */
export type ReplyGenerator = (batch: SimulatedBatch) => ClearinghouseReply | undefined;

// Hook for payment posting: src/clearinghouse/simulator-835.ts (owned by posting) exports a
// ReplyGenerator; append it here. It receives the parsed claims, each claim's 277CA verdict and
// `config.simulator.denialRate`, so its ERA pays only what the 277CA accepted.
const REPLY_GENERATORS: readonly ReplyGenerator[] = [simulated999, simulated277ca, simulated835];

export class SimulatedClearinghouse implements ClearinghouseAdapter {
  readonly name: string;

  constructor(
    private readonly config: ClearinghouseConfig,
    private readonly clock: Clock,
    private readonly generators: readonly ReplyGenerator[] = REPLY_GENERATORS,
  ) {
    this.name = config.name;
  }

  async send(batch: OutgoingBatch): Promise<SendResult> {
    // An outage on demand (config `simulator.unavailable`), to see the circuit breaker at work.
    if (this.config.simulator.unavailable) throw new TransientError(`clearinghouse ${this.name} (simulator) unavailable: batch ${batch.controlNumber} not accepted`);
    let parsed: SimulatedBatch['parsed'];
    let readError: string | undefined;
    try {
      parsed = read837p(batch.content, { file: batch.fileName });
    } catch (error) {
      readError = (error as Error).message; // answered as a rejected 999, like a real front end
    }
    const simulated: SimulatedBatch = { batch, parsed, readError, config: this.config, now: this.clock.now() };
    const replies = this.generators.map((g) => g(simulated)).filter((r): r is ClearinghouseReply => r !== undefined);
    return { reference: `SIM-${batch.controlNumber}`, replies };
  }
}
