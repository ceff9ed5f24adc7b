import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { X12parser } from 'x12-parser';
import type { Claim } from '../../../src/domain/claims/claim.js';
import { read837p } from '../../../src/domain/x12/837p-reader.js';
import { write837p } from '../../../src/domain/x12/837p-writer.js';
import { splitSegments } from '../../../src/domain/x12/segments.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { dependentClaim, sampleBatch, sampleClaim } from './claim-samples.js';
import { x12Failure } from './x12-text.js';

type ParsedSegment = { name: string; [key: string]: string };

async function parseWithX12Library(text: string): Promise<ParsedSegment[]> {
  const parsed: ParsedSegment[] = [];
  await new Promise<void>((resolve, reject) => {
    Readable.from([Buffer.from(text, 'ascii')]).pipe(new X12parser())
      .on('data', (segment: ParsedSegment) => parsed.push(segment))
      .on('error', reject)
      .on('end', resolve);
  });
  // The library emits an empty segment for the line feed after the last '~'.
  return parsed.filter((segment) => segment.name !== '');
}

function writeError(claims: Claim[]): X12Error {
  return x12Failure(() => write837p(sampleBatch(claims)));
}

const otherProvider = (n: number): Claim => ({ ...sampleClaim(n), billingProvider: { npi: '1098765436', name: 'SECOND INVENTED CLINIC' } });
const mixedBatch = (): Claim[] => [sampleClaim(1), dependentClaim(2), otherProvider(3), sampleClaim(4)];

describe('837P writer', () => {
  it('round-trips: what it writes reads back as the same claims', () => {
    const claims = mixedBatch();
    const { claims: read, transactions, interchanges } = read837p(write837p(sampleBatch(claims)));
    expect({ transactions, interchanges }).to.deep.equal({ transactions: 1, interchanges: 1 });
    // Claims come out grouped by billing NPI: 1, 2, 4 under the first provider, then 3.
    const expected = [claims[0], claims[1], claims[3], claims[2]];
    expect(read.map((r) => r.claim)).to.deep.equal(expected);
  });

  it('writes diagnoses principal-first and renumbers the pointers to match', () => {
    const claim = sampleClaim(1, { diagnoses: [{ qualifier: 'ABF', code: 'R05' }, { qualifier: 'ABK', code: 'J0300' }] });
    claim.lines[0].diagnosisPointers = [2];
    claim.lines[1].diagnosisPointers = [1, 2];
    const text = write837p(sampleBatch([claim]));
    expect(text).to.contain('HI*ABK:J0300*ABF:R05~');
    const [back] = read837p(text).claims;
    expect(back.claim.lines.map((l) => l.diagnosisPointers)).to.deep.equal([[1], [2, 1]]);
  });

  it('parses back with the x12-parser library', async () => {
    const text = write837p(sampleBatch(mixedBatch()));
    const segments = await parseWithX12Library(text);
    expect(segments[0]).to.include({ name: 'ISA', '6': 'SUBMITTER01', '13': '000000042', '15': 'T', '16': ':' });
    expect(segments[1]).to.include({ name: 'GS', '1': 'HC', '8': '005010X222A1' });
    expect(segments[2]).to.include({ name: 'ST', '1': '837', '2': '0001', '3': '005010X222A1' });
    const clms = segments.filter((s) => s.name === 'CLM');
    expect(clms.map((s) => s['1'])).to.deep.equal(['PCN00001', 'PCN00002', 'PCN00004', 'PCN00003']);
    expect(clms[0]).to.include({ '2': '165.5', '5': '11', '5-1': 'B', '5-2': '1' });
    const sv1 = segments.filter((s) => s.name === 'SV1');
    expect(sv1[0]).to.include({ '1': 'HC', '1-1': '99213', '1-2': '25', '2': '125', '4': '1', '7': '1', '7-1': '2' });
    expect(sv1[1]).to.include({ '1-1': '97110', '1-2': 'GP', '1-3': '59', '2': '40.5', '4': '2', '5': '11' });
    const se = segments.find((s) => s.name === 'SE')!;
    const st = segments.findIndex((s) => s.name === 'ST');
    expect(Number(se['1'])).to.equal(segments.indexOf(se) - st + 1);
    expect(segments.at(-1)).to.include({ name: 'IEA', '1': '1', '2': '000000042' });
  });

  it('is structurally sound: fixed-width ISA, counts, HL parents, CLM02 = sum of SV102, one REF*6R per line', () => {
    const text = write837p(sampleBatch(mixedBatch()));
    const isa = text.split('\n')[0];
    expect(isa).to.have.length(106);
    expect(isa.slice(103)).to.equal('*:~');
    expect(text.endsWith('IEA*1*000000042~\n')).to.equal(true);
    const segments = splitSegments(text);
    const se = segments.find((s) => s.tag === 'SE')!;
    const st = segments.find((s) => s.tag === 'ST')!;
    expect(Number(se.elements[1])).to.equal(se.position - st.position + 1);
    expect(segments.find((s) => s.tag === 'GE')!.elements[1]).to.equal('1');

    // Every HL as [id, parent, level, has children]: providers (20), subscribers (22), the dependent's patient (23).
    const hls = segments.filter((s) => s.tag === 'HL').map((hl) => hl.elements.slice(1, 5));
    expect(hls).to.deep.equal([
      ['1', '', '20', '1'], ['2', '1', '22', '0'], ['3', '1', '22', '1'], ['4', '3', '23', '0'], ['5', '1', '22', '0'],
      ['6', '', '20', '1'], ['7', '6', '22', '0'],
    ]);
    expect(segments.filter((s) => s.tag === 'NM1' && s.elements[1] === '85')).to.have.length(2);

    // Each claim's CLM02 next to the sum of its SV102s, in the order written.
    const charges: Array<[string, number, number]> = [];
    for (const seg of segments) {
      if (seg.tag === 'CLM') charges.push([seg.elements[1], Math.round(Number(seg.elements[2]) * 100), 0]);
      if (seg.tag === 'SV1') charges[charges.length - 1][2] += Math.round(Number(seg.elements[2]) * 100);
    }
    expect(charges).to.deep.equal(['PCN00001', 'PCN00002', 'PCN00004', 'PCN00003'].map((cn) => [cn, 16550, 16550]));
    const lineControls = segments.filter((s) => s.tag === 'REF' && s.elements[1] === '6R').map((s) => s.elements[2]);
    expect(segments.filter((s) => s.tag === 'LX')).to.have.length(8);
    expect(lineControls).to.deep.equal([1, 2, 4, 3].flatMap((n) => [`C${n}-L1`, `C${n}-L2`]));
  });

  it('matches the checked-in golden file byte for byte (UPDATE_GOLDEN=1 rewrites it)', () => {
    const golden = new URL('../../fixtures/golden/837p-mixed-batch.837', import.meta.url);
    const replacement = { ...sampleClaim(5), frequency: '7' as const, payerClaimNumber: 'PAYERCLM5' };
    const text = write837p(sampleBatch([...mixedBatch(), replacement]));
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(new URL('.', golden), { recursive: true });
      writeFileSync(golden, text, 'ascii');
    }
    expect(existsSync(golden), 'golden file missing: run with UPDATE_GOLDEN=1').to.equal(true);
    expect(text).to.equal(readFileSync(golden, 'ascii'));
  });

  it('writes REF*F8 for replacement and void claims and refuses one without the payer claim number', () => {
    const text = write837p(sampleBatch([{ ...sampleClaim(1), frequency: '8', payerClaimNumber: 'PAYERCLM1' }]));
    expect(text).to.contain('CLM*PCN00001*165.5***11:B:8*Y*A*Y*Y~\nREF*F8*PAYERCLM1~\nHI*');
    expect(write837p(sampleBatch([sampleClaim(1, { payerClaimNumber: 'X' })]))).not.to.contain('REF*F8');
    expect(writeError([{ ...sampleClaim(1), frequency: '7' }])).to.include({ rule: 'write-required', segment: 'REF', controlNumber: 'PCN00001' });
  });

  it('refuses a line without a line item control number', () => {
    const claim = sampleClaim(1);
    delete claim.lines[1].lineControlNumber;
    const error = writeError([claim]);
    expect(error).to.include({ rule: 'write-required', segment: 'REF', element: 'REF02', controlNumber: 'PCN00001' });
    expect(error.message).to.contain('service line 2');
  });

  it('refuses values containing a separator, without echoing the value', () => {
    const claim = sampleClaim(1);
    claim.subscriber.name = { last: "O'NEIL*SMITH", first: 'JO' };
    const error = writeError([claim]);
    expect(error).to.include({ rule: 'write-separator', segment: 'NM1', element: 'NM103' });
    expect(error.message).not.to.contain('NEIL');
  });

  it('refuses claims it cannot write correctly: no filing indicator, two principal diagnoses, dangling pointer', () => {
    const noFiling = sampleClaim(1);
    delete noFiling.subscriber.claimFilingIndicator;
    expect(writeError([noFiling])).to.include({ rule: 'write-required', segment: 'SBR', element: 'SBR09' });
    expect(writeError([sampleClaim(1, { diagnoses: [{ qualifier: 'ABK', code: 'A' }, { qualifier: 'ABK', code: 'B' }] })]))
      .to.include({ rule: 'write-diagnosis', segment: 'HI' });
    const dangling = sampleClaim(1);
    dangling.lines[0].diagnosisPointers = [3];
    expect(writeError([dangling])).to.include({ rule: 'write-pointer', element: 'SV107' });
    expect(writeError([])).to.include({ rule: 'write-empty' });
  });

  it('refuses control numbers and ids that do not fit the envelope', () => {
    expect(() => write837p({ ...sampleBatch([sampleClaim(1)]), interchangeControlNumber: 1_000_000_000 }))
      .to.throw(X12Error).with.property('element', 'ISA13');
    expect(() => write837p({ ...sampleBatch([sampleClaim(1)]), sender: { id: 'A'.repeat(16), name: 'X' } }))
      .to.throw(X12Error).with.property('element', 'ISA06');
  });
});
