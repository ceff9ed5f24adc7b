import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { sampleClaim } from '../../unit/x12/claim-samples.js';
import { dropClaimFile, importFile, query, recentClaim, settledFile, startClaimsEngine, upstream837 } from './claims-support.js';
import { BadInputError } from '../../../src/errors.js';

/** Two good claims; each case breaks the file in one way. */
function goodFile(): string {
  return upstream837([sampleClaim(1), sampleClaim(2)]).toString('latin1');
}

function segments(text: string): string[] {
  return text.split('~\n').filter(Boolean);
}

function withSegments(list: string[]): string {
  return list.map((s) => `${s}~\n`).join('');
}

/** Re-counts SE01 after segments were removed, so only the intended fault remains. */
function recount(list: string[]): string[] {
  const st = list.findIndex((s) => s.startsWith('ST*'));
  const se = list.findIndex((s) => s.startsWith('SE*'));
  const parts = list[se].split('*');
  parts[1] = String(se - st + 1);
  return [...list.slice(0, se), parts.join('*'), ...list.slice(se + 1)];
}

const CASES: Array<[string, () => string, RegExp]> = [
  // Cut inside the first CLM: its last, unterminated segment is read and lacks CLM02. (This case used
  // to pass by matching its own file name, "bad-a-truncated-file.837", which errors no longer carry.)
  ['a truncated file', () => goodFile().slice(0, Math.floor(goodFile().length / 2)), /CLM02 \(total claim charge\) is missing/],
  ['a missing IEA', () => withSegments(segments(goodFile()).filter((s) => !s.startsWith('IEA'))), /IEA/],
  ['a wrong segment count', () => goodFile().replace(/SE\*(\d+)\*/, (_m, n) => `SE*${Number(n) + 2}*`), /SE01|segment count|se-count/i],
  ['a claim with no lines', () => {
    const list = segments(goodFile());
    const firstClm = list.findIndex((s) => s.startsWith('CLM*'));
    const nextHl = list.findIndex((s, i) => i > firstClm && s.startsWith('HL*'));
    return withSegments(recount([...list.slice(0, firstClm + 2), ...list.slice(nextHl)]));
  }, /no service lines/],
  ['a non-numeric amount', () => goodFile().replace('CLM*PCN00002*165.5', 'CLM*PCN00002*16X.50'), /CLM02/],
  ['unknown separators', () => goodFile().replace(/^ISA\*/, 'ISA0').replace(/\*/g, '0'), /separator|ISA/i],
  ['JSON with a non-numeric amount', () => JSON.stringify({
    format: 'rcm-claims/v1', claims: [{ ...jsonClaim(), lines: [{ ...jsonClaim().lines[0], chargeCents: 'twelve' }] }],
  }), /claims\[0\]\.lines\[0\]\.chargeCents/],
];

function jsonClaim() {
  const { lines, ...claim } = sampleClaim(9);
  return { ...claim, lines: lines.map(({ lineNumber: _n, ...line }) => line) };
}

describe('claims files that cannot be read', () => {
  const env = useTestEnv();

  for (const [name, make, message] of CASES) {
    it(`rejects ${name} whole, keeps and quarantines it`, async function () {
      this.timeout(30000);
      const engine = await startClaimsEngine(env);
      const input = Buffer.from(make(), 'latin1');
      const fileId = await dropClaimFile(env, engine, `bad-${name.replace(/\W+/g, '-')}.837`, input);
      expect(await settledFile(env, fileId)).to.equal('quarantined');
      const [file] = await query(env, 'select error, (select sum(length(p.bytes))::int from edi_file_part p where p.file_id = f.id) as bytes from edi_file f where id = ?', [fileId]);
      expect(file.error).to.match(message);
      expect(file.error).to.match(/segment|position|claims\[/i);
      expect(file.error).not.to.match(/DOE|JAMIE|MEMBER1/); // no patient data in the reason
      expect(file.bytes).to.equal(input.length); // kept whole, byte for byte
      const [counts] = await query(env, `select (select count(*)::int from claim) as claims, (select count(*)::int from patient) as patients,
        (select count(*)::int from task where type = 'quarantined-file' and subject_id = ?) as tasks`, [fileId]);
      expect(counts).to.deep.equal({ claims: 0, patients: 0, tasks: 1 });
      // The failed attempt's record is written just after the file is marked quarantined: wait for it.
      const records = await waitFor(async () => {
        const rows = await query(env, `select outcome, error_class, error_message from job_record where name = 'import'`);
        return rows.length > 0 && rows;
      }, 5000, 'the import job record');
      // bad input: failed at once, no retry; worker-host wraps the BadInputError in BullMQ's UnrecoverableError.
      expect(records.map((r) => [r.outcome, r.error_class])).to.deep.equal([['failed', 'UnrecoverableError']]);
      expect(records[0].error_message).to.match(/^\[rcm\] /).and.to.match(message);
    });
  }

  const LATE_FAULTS: Array<[string, (text: string) => string, RegExp]> = [
    ['a bad amount', (text) => text.replace('CLM*PCN00011*165.5', 'CLM*PCN00011*16X.5'), /CLM02/],
    ['a control number too long to store', (text) => text.replace('CLM*PCN00011*', `CLM*PCN00011${'9'.repeat(40)}*`), /CLM01 .*longer than 38/],
    ['a truncated end', (text) => text.slice(0, text.lastIndexOf('GE*')), /GE|IEA|ends inside/],
  ];
  for (const [name, breakFile, message] of LATE_FAULTS) {
    it(`rejects a file whole when ${name} comes after chunks were stored`, async function () {
      this.timeout(30000);
      const text = upstream837(Array.from({ length: 12 }, (_, i) => recentClaim(i + 1))).toString('latin1');
      const fileId = await dropClaimFile(env, undefined, 'late-fault.837', Buffer.from(breakFile(text), 'latin1'));
      let failure: unknown;
      await importFile(env, fileId, { chunkClaims: 3 }).catch((error) => { failure = error; });
      expect(failure).to.be.instanceOf(BadInputError);
      expect((failure as Error).message).to.match(message);
      const [file] = await query(env, 'select status, error from edi_file where id = ?', [fileId]);
      expect(file.status).to.equal('quarantined');
      expect(file.error).not.to.match(/DOE|JAMIE|MEMBER/);
      const [counts] = await query(env, `select (select count(*)::int from claim) as claims, (select count(*)::int from claim_line) as lines,
        (select count(*)::int from patient) as patients, (select count(*)::int from claim_event) as events,
        (select count(*)::int from outbox where job_name = 'scrub-batch') as scrubs, (select count(*)::int from claim_file_outcome) as outcomes`);
      expect(counts).to.deep.equal({ claims: 0, lines: 0, patients: 0, events: 0, scrubs: 0, outcomes: 0 });
    });
  }
});
