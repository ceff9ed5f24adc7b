// How an 837P batch reaches a clearinghouse. Two implementations: `file` (an SFTP-style
// mailbox folder; replies arrive later in the acks inbox) and `simulator` (answers at once,
// deterministically, for the demo and tests). The submit service never knows which it has.
import type { ClearinghouseConfig } from '../../config/clearinghouse.js';
import type { Clock } from '../domain/clock.js';
import { FileClearinghouse } from './file-adapter.js';
import { SimulatedClearinghouse } from './simulator.js';

export interface OutgoingBatch {
  submissionId: number;
  /** ISA13 = GS06 = ST02 of the interchange. */
  controlNumber: number;
  fileName: string;
  content: string;
}

/** A file the clearinghouse sends back (999, 277CA, later 835). */
export interface ClearinghouseReply {
  fileName: string;
  content: Buffer;
}

export interface SendResult {
  /** The clearinghouse's reference for the upload (file name, tracking id). */
  reference: string;
  /** Replies available at once (simulator); a mailbox delivers them later through the inbox. */
  replies: ClearinghouseReply[];
}

export interface ClearinghouseAdapter {
  readonly name: string;
  /** Must be safe to call twice for the same batch (a retried job re-sends a built batch). */
  send(batch: OutgoingBatch): Promise<SendResult>;
}

/** The adapter `config.adapter` names (AppConfig.clearinghouse); the clock dates the simulator's replies. */
export function createClearinghouse(config: ClearinghouseConfig, clock: Clock): ClearinghouseAdapter {
  return config.adapter === 'file' ? new FileClearinghouse(config) : new SimulatedClearinghouse(config, clock);
}
