// The simulator's 999 and 277CA. Each claim's fate comes from a hash of the seed and its
// control number, so it does not depend on batch order or on which process sent it.
import { createHash } from 'node:crypto';
import type { ClearinghouseConfig } from '../../config/clearinghouse.js';
import type { Read837pResult } from '../domain/x12/837p-reader.js';
import { formatX12Amount } from '../domain/money.js';
import { SegmentBuilder } from '../domain/x12/segment-builder.js';
import type { ClearinghouseReply, OutgoingBatch } from './adapter.js';

export interface SimulatedBatch {
  batch: OutgoingBatch;
  /** Undefined when the 837P could not be read (then the 999 rejects it). */
  parsed?: Read837pResult;
  readError?: string;
  config: ClearinghouseConfig;
  /** When the clearinghouse answers: the replies' envelope and status dates. */
  now: Date;
}

/** Rejection reasons the simulator picks from (277CA category:code[:entity]). */
export const SIMULATED_REJECTIONS = ['A7:562:85', 'A7:21', 'A3:116', 'A6:35', 'A8:496'] as const;

/** A number in [0, 1) fixed by the seed and the key. */
export function seededFraction(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The simulator's verdict on one claim: undefined = accepted, else its rejection code. */
export function simulatedRejection(config: ClearinghouseConfig, controlNumber: string): string | undefined {
  const f = seededFraction(config.simulator.seed, `277:${controlNumber}`);
  if (f >= config.simulator.rejectionRate) return undefined;
  return SIMULATED_REJECTIONS[Math.floor(seededFraction(config.simulator.seed, `why:${controlNumber}`) * SIMULATED_REJECTIONS.length)];
}

export function simulated999(sim: SimulatedBatch): ClearinghouseReply {
  const { batch, config } = sim;
  const out = envelope(config, batch.controlNumber, 'FA', '005010X231A1', sim.now);
  out.add('ST', '999', '0001', '005010X231A1');
  out.add('AK1', 'HC', String(batch.controlNumber), '005010X222A1');
  out.add('AK2', '837', String(batch.controlNumber).padStart(4, '0'), '005010X222A1');
  const ok = sim.parsed !== undefined;
  out.add('IK5', ok ? 'A' : 'R', ...(ok ? [] : ['5']));
  out.add('AK9', ok ? 'A' : 'R', '1', '1', ok ? '1' : '0');
  return { fileName: `sim-${batch.controlNumber}.999`, content: close(out, batch.controlNumber) };
}

export function simulated277ca(sim: SimulatedBatch): ClearinghouseReply | undefined {
  const { batch, config, parsed } = sim;
  if (!parsed) return undefined; // a rejected interchange gets no claim-level answer
  const today = date8(sim.now);
  const out = envelope(config, batch.controlNumber, 'HN', '005010X214', sim.now);
  out.add('ST', '277', '0001', '005010X214');
  out.add('BHT', '0085', '08', String(batch.controlNumber), today, '1200', 'TH');
  out.add('HL', '1', undefined, '20', '1');
  out.add('NM1', 'AY', '2', config.receiver.name, undefined, undefined, undefined, undefined, '46', config.receiver.id);
  out.add('TRN', '1', String(batch.controlNumber));
  out.add('DTP', '050', 'D8', today);
  out.add('DTP', '009', 'D8', today);
  out.add('HL', '2', '1', '21', '1');
  out.add('NM1', '41', '2', config.sender.name, undefined, undefined, undefined, undefined, '46', config.sender.id);
  out.add('TRN', '2', String(batch.controlNumber));
  out.add('STC', ['A1', '19'], today, 'WQ', formatX12Amount(parsed.claims.reduce((s, c) => s + c.claim.chargeCents, 0)));
  let hl = 2;
  const byProvider = new Map<string, typeof parsed.claims>();
  for (const c of parsed.claims) byProvider.set(c.claim.billingProvider.npi, [...(byProvider.get(c.claim.billingProvider.npi) ?? []), c]);
  for (const [npi, claims] of byProvider) {
    const providerHl = ++hl;
    out.add('HL', String(providerHl), '2', '19', '1');
    out.add('NM1', '85', '2', claims[0].claim.billingProvider.name, undefined, undefined, undefined, undefined, 'XX', npi);
    claims.forEach(({ claim }, index) => {
      out.add('HL', String(++hl), String(providerHl), 'PT');
      const person = claim.patient?.name ?? claim.subscriber.name;
      out.add('NM1', 'QC', '1', person.last, person.first, undefined, undefined, undefined, 'MI', claim.subscriber.memberId);
      out.add('TRN', '2', claim.controlNumber);
      const rejection = simulatedRejection(config, claim.controlNumber);
      const amount = formatX12Amount(claim.chargeCents);
      if (rejection) out.add('STC', rejection.split(':'), today, 'U', amount);
      else out.add('STC', ['A2', '20'], today, 'WQ', amount);
      if (!rejection) out.add('REF', '1K', `SIM${batch.controlNumber}${String(index + 1).padStart(4, '0')}`);
    });
  }
  return { fileName: `sim-${batch.controlNumber}.277`, content: close(out, batch.controlNumber) };
}

function envelope(config: ClearinghouseConfig, controlNumber: number, functionalId: string, guide: string, now: Date): SegmentBuilder {
  const out = new SegmentBuilder();
  const isa = String(controlNumber).padStart(9, '0');
  out.addRaw(['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), 'ZZ', config.receiver.id.padEnd(15), 'ZZ', config.sender.id.padEnd(15),
    date8(now).slice(2), '1200', '^', '00501', isa, '0', config.usage, ':'].join('*'));
  out.add('GS', functionalId, config.receiver.id, config.sender.id, date8(now), '1200', String(controlNumber), 'X', guide);
  return out;
}

/** SE/GE/IEA: the ST is always the third segment (after ISA and GS). */
function close(out: SegmentBuilder, controlNumber: number): Buffer {
  out.add('SE', String(out.countFrom(2) + 1), '0001');
  out.add('GE', '1', String(controlNumber));
  out.add('IEA', '1', String(controlNumber).padStart(9, '0'));
  return Buffer.from(out.toString(), 'latin1');
}

function date8(d: Date): string {
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
