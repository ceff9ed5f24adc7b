import { expect } from 'chai';
import { clearinghouseConfig } from '../../../config/clearinghouse.js';
import { SimulatedClearinghouse } from '../../../src/clearinghouse/simulator.js';
import { seededFraction, simulatedRejection } from '../../../src/clearinghouse/simulator-replies.js';
import { readAcknowledgment } from '../../../src/domain/x12/ack.js';
import { write837p } from '../../../src/domain/x12/837p-writer.js';
import { sampleBatch, sampleClaim } from '../x12/claim-samples.js';

const config = { ...clearinghouseConfig, simulator: { seed: 11, rejectionRate: 0.5, denialRate: 0 } };

describe('clearinghouse simulator', () => {
  const claims = Array.from({ length: 12 }, (_, i) => sampleClaim(i + 1));
  const content = write837p({ ...sampleBatch(claims), interchangeControlNumber: 314, groupControlNumber: 314, transactionControlNumber: 314 });

  it('answers a batch with a 999 and a 277CA that our readers accept, the same way every time', async () => {
    const sim = new SimulatedClearinghouse(config);
    const first = await sim.send({ submissionId: 1, controlNumber: 314, fileName: 'b.837', content });
    const second = await sim.send({ submissionId: 1, controlNumber: 314, fileName: 'b.837', content });
    // 999 and 277CA first; posting's 835 generator (simulator-835.ts) may follow.
    expect(first.replies.map((r) => r.fileName).slice(0, 2)).to.deep.equal(['sim-314.999', 'sim-314.277']);
    const ack999 = readAcknowledgment(first.replies[0].content.toString('latin1'));
    expect(ack999.kind).to.equal('999');
    if (ack999.kind === '999') expect(ack999.transactions.map((t) => [t.groupControlNumber, t.status])).to.deep.equal([['314', 'accepted']]);
    const ack277 = readAcknowledgment(first.replies[1].content.toString('latin1'));
    if (ack277.kind !== '277CA') throw new Error('expected a 277CA');
    expect(ack277.claims.map((c) => c.controlNumber)).to.deep.equal(claims.map((c) => c.controlNumber));
    for (const c of ack277.claims) expect(c.status).to.equal(simulatedRejection(config, c.controlNumber) ? 'rejected' : 'accepted');
    expect(new Set(ack277.claims.map((c) => c.status))).to.deep.equal(new Set(['accepted', 'rejected']));
    // Same seed, same batch: same verdicts (dates aside, the files are the same).
    expect(second.replies[1].content.toString('latin1').replace(/\d{8}|\d{6}/g, '')).to.equal(first.replies[1].content.toString('latin1').replace(/\d{8}|\d{6}/g, ''));
  });

  it('rejects an interchange it cannot read in the 999, with no 277CA', async () => {
    const result = await new SimulatedClearinghouse(config).send({ submissionId: 2, controlNumber: 315, fileName: 'bad.837', content: content.slice(0, 400) });
    expect(result.replies).to.have.length(1);
    const ack = readAcknowledgment(result.replies[0].content.toString('latin1'));
    if (ack.kind === '999') expect(ack.transactions[0].status).to.equal('rejected');
  });

  it('spreads verdicts by the configured rate', () => {
    const rejected = Array.from({ length: 2000 }, (_, i) => simulatedRejection({ ...config, simulator: { seed: 3, rejectionRate: 0.1, denialRate: 0 } }, `C${i}`)).filter(Boolean);
    expect(rejected.length).to.be.within(150, 250);
    expect(seededFraction(1, 'a')).to.equal(seededFraction(1, 'a'));
  });
});
