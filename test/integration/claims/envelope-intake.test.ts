// Intake labels a file through the readers' own envelope path, so a file with a UTF-8 byte-order
// mark is stored as what it is (a BOM'd 999 or TA1 used to be stored as a 277CA) and read by its
// job like the same file without one; a 277 claim status response (X212) is refused by the ack
// job, quarantined with a message that names the file by id, the segment and what was expected.
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { ackKind, claimFileKind, isEra835, receiveEra } from '../../../src/services/intake.service.js';
import { dropAckFile, dropClaimFile, fixture, query, recentClaim, settledFile, startClaimsEngine, upstream837 } from './claims-support.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const withBom = (bytes: Buffer): Buffer => Buffer.concat([BOM, bytes]);

describe('intake through the envelope path', () => {
  const env = useTestEnv();

  it('labels BOM\'d files by their envelope: 999, TA1, 277CA, 835, 837P and JSON claims', () => {
    for (const bytes of [(b: Buffer) => b, withBom]) {
      expect(ackKind(bytes(fixture('invented-999-partial.999')))).to.equal('999');
      expect(ackKind(bytes(fixture('imsweb-x12_999_rejected.999')))).to.equal('999');
      expect(ackKind(bytes(fixture('invented-ta1-rejected.ta1')))).to.equal('TA1');
      expect(ackKind(bytes(fixture('invented-277ca-mixed.277')))).to.equal('277CA');
      expect(isEra835(bytes(fixture('lfh-managed-care.835')))).to.equal(true);
      expect(isEra835(bytes(fixture('invented-999-partial.999')))).to.equal(false);
      expect(claimFileKind(bytes(upstream837([recentClaim(1)])))).to.equal('837P');
      expect(claimFileKind(bytes(Buffer.from('\r\n{"format": "rcm-claims/v1", "claims": []}')))).to.equal('claims-json');
    }
    // Not an acknowledgment: labelled 277CA, and the ack job quarantines it with the reader's message (next test).
    expect(ackKind(fixture('lfh-claim-level-status.277'))).to.equal('277CA');
  });

  it('stores BOM\'d acknowledgments as their kind and applies them; refuses a 277 claim status response', async function () {
    this.timeout(30000);
    const engine = await startClaimsEngine(env);
    const ta1 = await dropAckFile(env, engine, 'bom.ta1', withBom(fixture('invented-ta1-rejected.ta1')));
    const ack999 = await dropAckFile(env, engine, 'bom.999', withBom(fixture('invented-999-partial.999')));
    const ack277 = await dropAckFile(env, engine, 'bom.277', withBom(fixture('invented-277ca-mixed.277')));
    const x212 = await dropAckFile(env, engine, 'status.277', withBom(fixture('lfh-claim-level-status.277')));
    for (const fileId of [ta1, ack999, ack277, x212]) await settledFile(env, fileId);
    const rows = await query(env, 'select id, kind, status, error from edi_file where id in (?, ?, ?, ?) order by id', [ta1, ack999, ack277, x212]);
    expect(rows).to.deep.equal([
      { id: ta1, kind: 'TA1', status: 'processed', error: null },
      { id: ack999, kind: '999', status: 'processed', error: null },
      { id: ack277, kind: '277CA', status: 'processed', error: null },
      { id: x212, kind: '277CA', status: 'quarantined', error: `file ${x212}, segment GS at position 2, element GS08, control number 1: `
        + 'GS08 names 005010X212 (277 claim status response), which is not read here; expected a TA1 interchange acknowledgment, '
        + 'a 999 (005010X231A1) or a 277CA (005010X214) [rule implementation-guide]' },
    ]);
    const outcomes = await query(env, 'select file_id, kind, accepted, rejected, unmatched from claim_file_outcome order by file_id');
    expect(outcomes.map((o) => [o.file_id, o.kind])).to.deep.equal([[ta1, 'TA1'], [ack999, '999'], [ack277, '277CA']]);
  });

  it('imports a BOM\'d 837P and stages a BOM\'d 835 like the same files without one', async function () {
    this.timeout(30000);
    const engine = await startClaimsEngine(env);
    const claims = await dropClaimFile(env, engine, 'bom.837', withBom(upstream837([recentClaim(1), recentClaim(2)])));
    expect(await settledFile(env, claims)).to.equal('processed');
    expect(await query(env, 'select control_number from claim order by control_number')).to.have.length(2);
    // The 835 is only staged here (no posting worker): its era job's outbox row is enough to show it was labelled an 835.
    const { fileId: era } = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'bom.835', content: withBom(fixture('lfh-managed-care.835')) }));
    const [row] = await query(env, `select f.kind, (select count(*)::int from outbox o where o.queue = 'posting' and o.job_name = 'era'
      and (o.payload->>'fileId')::int = f.id) as jobs from edi_file f where f.id = ?`, [era]);
    expect(row).to.deep.equal({ kind: '835', jobs: 1 });
  });
});
