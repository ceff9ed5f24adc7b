import { expect } from 'chai';
import { clearinghouseConfig } from '../../../config/clearinghouse.js';
import { SimulatedClearinghouse } from '../../../src/clearinghouse/simulator.js';
import { seededFraction, simulatedRejection } from '../../../src/clearinghouse/simulator-replies.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { TransientError } from '../../../src/errors.js';
import { readAcknowledgment, type Acknowledgment } from '../../../src/domain/x12/ack.js';
import { write837p } from '../../../src/domain/x12/837p-writer.js';
import { sampleBatch, sampleClaim } from '../x12/claim-samples.js';

const config = { ...clearinghouseConfig, simulator: { seed: 11, rejectionRate: 0.5, denialRate: 0 } };
const clock = fixedClock('2026-11-24T15:30:00Z');

/** Reads a reply and fails the test unless it is of the kind expected. */
function readReply<K extends Acknowledgment['kind']>(content: Buffer, kind: K): Extract<Acknowledgment, { kind: K }> {
  const ack = readAcknowledgment(content.toString('latin1'));
  expect(ack.kind).to.equal(kind);
  return ack as Extract<Acknowledgment, { kind: K }>;
}

describe('clearinghouse simulator', () => {
  const claims = Array.from({ length: 12 }, (_, i) => sampleClaim(i + 1));
  const content = write837p({ ...sampleBatch(claims), interchangeControlNumber: 314, groupControlNumber: 314, transactionControlNumber: 314 });

  it('answers a batch with a 999, a 277CA and an 835 that our readers accept, the same way every time', async () => {
    const sim = new SimulatedClearinghouse(config, clock);
    const first = await sim.send({ submissionId: 1, controlNumber: 314, fileName: 'b.837', content });
    const second = await sim.send({ submissionId: 1, controlNumber: 314, fileName: 'b.837', content });
    expect(first.reference).to.equal('SIM-314');
    expect(first.replies.map((r) => r.fileName)).to.deep.equal(['sim-314.999', 'sim-314.277', 'sim-314.835']);
    const ack999 = readReply(first.replies[0].content, '999');
    expect(ack999.transactions.map((t) => [t.groupControlNumber, t.status])).to.deep.equal([['314', 'accepted']]);
    const ack277 = readReply(first.replies[1].content, '277CA');
    expect(ack277.claims.map((c) => [c.controlNumber, c.status])).to.deep.equal(
      claims.map((c) => [c.controlNumber, simulatedRejection(config, c.controlNumber) ? 'rejected' : 'accepted']),
    );
    expect(new Set(ack277.claims.map((c) => c.status))).to.deep.equal(new Set(['accepted', 'rejected']));
    // Dated by the clock it was given: the 277CA's dates and the 835's payment date.
    expect(first.replies[1].content.toString('latin1')).to.include('DTP*050*D8*20261124~').and.include('DTP*009*D8*20261124~');
    expect(first.replies[2].content.toString('latin1')).to.include('*20261124~\nTRN*1*SIM314*');
    // Same seed, same batch, same moment: the same files, byte for byte.
    expect(second).to.deep.equal(first);
  });

  it('rejects an interchange it cannot read in the 999, with no 277CA', async () => {
    const result = await new SimulatedClearinghouse(config, clock).send({ submissionId: 2, controlNumber: 315, fileName: 'bad.837', content: content.slice(0, 400) });
    expect(result.replies.map((r) => r.fileName)).to.deep.equal(['sim-315.999']);
    const ack = readReply(result.replies[0].content, '999');
    expect(ack.transactions.map((t) => [t.groupControlNumber, t.status, t.statusCodes])).to.deep.equal([['315', 'rejected', ['5']]]);
  });

  it('fails every send as an outage when made unavailable (a TransientError naming the batch, no patient data)', async () => {
    const down = new SimulatedClearinghouse({ ...config, simulator: { ...config.simulator, unavailable: true } }, clock);
    const failure = await down.send({ submissionId: 1, controlNumber: 314, fileName: 'b.837', content }).then(() => undefined, (e: Error) => e);
    expect(failure).to.be.instanceOf(TransientError);
    expect(failure!.message).to.equal('clearinghouse simulator (simulator) unavailable: batch 314 not accepted');
  });

  it('spreads verdicts by the configured rate', () => {
    const rejected = Array.from({ length: 2000 }, (_, i) => simulatedRejection({ ...config, simulator: { seed: 3, rejectionRate: 0.1, denialRate: 0 } }, `C${i}`)).filter(Boolean);
    expect(rejected.length).to.be.within(150, 250); // about 10%
    expect(rejected.length).to.equal(194); // and exactly this many for this seed, every time
    expect(new Set(rejected)).to.deep.equal(new Set(['A7:562:85', 'A7:21', 'A3:116', 'A6:35', 'A8:496'])); // every reason is drawn
    expect(seededFraction(1, 'a')).to.equal(seededFraction(1, 'a'));
    expect(seededFraction(1, 'a')).to.be.within(0, 1).and.not.equal(seededFraction(2, 'a'));
  });
});
