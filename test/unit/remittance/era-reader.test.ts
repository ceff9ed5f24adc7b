import { expect } from 'chai';
import fc from 'fast-check';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { AmountFormatError, parseCents } from '../../../src/domain/money.js';
import { amount } from '../../../src/domain/x12/x12-elements.js';
import { readEra, readEraStream, streamEra } from '../../../src/domain/remittance/era-reader.js';
import { iterateSegments, type Segment } from '../../../src/domain/x12/segments.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { x12Failure } from '../x12/x12-text.js';

// An invented, balanced 835: one claim with two lines, a claim-level CAS and a PLB.
// Claim: 300.00 - (20 + 50 + 10 + 5) = 215.00; BPR 215.00 - 15.00 = 200.00.
const ISA = 'ISA*00*          *00*          *ZZ*PAYERSENDER    *ZZ*OUROFFICE      *240105*1200*^*00501*000000001*0*T*:~';
function era(body: string[], bpr = 'BPR*I*200*C*ACH*CCP*01*9*DA*1*1512345678**01*9*DA*2*20240105'): string {
  const st = ['ST*835*0001', bpr, 'TRN*1*TRACE1*1512345678', 'N1*PR*INVENTED PAYER', 'REF*2U*77', 'N1*PE*INVENTED CLINIC*XX*1234567893', ...body];
  return [ISA, 'GS*HP*PAYERSENDER*OUROFFICE*20240105*1200*1*X*005010X221A1', ...st, `SE*${st.length + 1}*0001`, 'GE*1*1', 'IEA*1*000000001']
    .map((s) => `${s}~`).join('\n');
}
const CLAIM = [
  'LX*1',
  'CLP*CLAIM0001*1*300*215*30*12*PAYERCLAIM1',
  'CAS*OA*23*20',
  'NM1*QC*1*INVENTEDLAST*INVENTEDFIRST****MI*MEMBER9',
  'MOA***MA01',
  'SVC*HC:99213:25*200*140**1',
  'DTM*472*20240102',
  'CAS*CO*45*50',
  'CAS*PR*2*10',
  'REF*6R*LINE-1',
  'AMT*B6*150',
  'LQ*HE*N130',
  'SVC*HC:36415*100*95**1',
  'DTM*472*20240102',
  'CAS*CO*16*5',
];
const PLB = 'PLB*1234567893*20241231*L6:INTEREST*-5*WO:REF1*20';

const failure = x12Failure;

describe('readEra', () => {
  it('reads header, claim, lines, CAS, references and PLB into the model', () => {
    const [t] = readEra(era([...CLAIM, PLB]), { file: 'invented.835' }).transactions;
    expect(t).to.include({ file: 'invented.835', controlNumber: '0001', interchangeControlNumber: '000000001', groupControlNumber: '1', traceNumber: 'TRACE1' });
    expect(t.payment).to.deep.equal({ handlingCode: 'I', amountCents: 20000, creditDebit: 'C', method: 'ACH', format: 'CCP', date: '2024-01-05', position: 4 });
    expect(t.payer).to.deep.equal({ name: 'INVENTED PAYER', idQualifier: undefined, id: undefined, payerId: '77' });
    const [claim] = t.claims;
    expect(claim).to.include({ controlNumber: 'CLAIM0001', status: '1', chargeCents: 30000, paidCents: 21500, patientResponsibilityCents: 3000, payerClaimNumber: 'PAYERCLAIM1', sequence: 1 });
    expect(claim.patient).to.deep.equal({ lastName: 'INVENTEDLAST', firstName: 'INVENTEDFIRST', idQualifier: 'MI', id: 'MEMBER9' });
    expect(claim.adjudication?.remarkCodes).to.deep.equal(['MA01']);
    expect(claim.lines[0]).to.include({ lineControlNumber: 'LINE-1', allowedCents: 15000, serviceDate: '2024-01-02', sequence: 1 });
    expect(claim.lines[0].procedure).to.deep.equal({ qualifier: 'HC', code: '99213', modifiers: ['25'] });
    expect(claim.lines[0].remarkCodes).to.deep.equal(['N130']);
    expect(t.providerAdjustments.map((p) => [p.reason, p.reference, p.amountCents, p.sequence]))
      .to.deep.equal([['L6', 'INTEREST', -500, 1], ['WO', 'REF1', 2000, 2]]);
    expect(t.warnings).to.deep.equal([]);
  });

  it('reads several ST transactions and interchanges in one file', () => {
    const one = era([...CLAIM, PLB]);
    const two = one.replace(/000000001/g, '000000002');
    const file = `${one}\n${two}`;
    expect(readEra(file).transactions.map((t) => t.interchangeControlNumber)).to.deep.equal(['000000001', '000000002']);
  });

  it('accepts a debit (BPR03 = D): the payer takes back money', () => {
    const body = ['LX*1', 'CLP*REV1*22*-100*-80**12*PAYERCLAIM1', 'CAS*CO*45*-20'];
    const [t] = readEra(era(body, 'BPR*I*80*D*ACH************20240105')).transactions;
    expect(t.payment.creditDebit).to.equal('D');
    expect(t.claims[0].status).to.equal('22');
  });

  const rejections: Array<[string, () => string, Partial<X12Error>]> = [
    ['a line that does not balance', () => era([...CLAIM, PLB]).replace('SVC*HC:99213:25*200*140', 'SVC*HC:99213:25*200*141'),
      { rule: 'balance-line', segment: 'SVC', element: 'SVC03', position: 14, controlNumber: '0001' }],
    ['a claim that does not balance', () => era([...CLAIM, PLB]).replace('CAS*OA*23*20', 'CAS*OA*23*20.01'),
      { rule: 'balance-claim', segment: 'CLP', element: 'CLP04', position: 10 }],
    ['a transaction that does not balance', () => era([...CLAIM, PLB]).replace('*-5*', '*-5.01*'),
      { rule: 'balance-transaction', segment: 'BPR', element: 'BPR02', position: 4 }],
    ['an amount with fractions of a cent', () => era([...CLAIM, PLB]).replace('CAS*CO*16*5', 'CAS*CO*16*5.001'),
      { rule: 'amount', segment: 'CAS', element: 'CAS03' }],
    ['an unknown claim status', () => era([...CLAIM, PLB]).replace('CLP*CLAIM0001*1*', 'CLP*CLAIM0001*9*'),
      { rule: 'code-value', element: 'CLP02' }],
    ['an unknown adjustment group (CR is gone in 5010)', () => era([...CLAIM, PLB]).replace('CAS*OA*23', 'CAS*CR*23'),
      { rule: 'code-value', element: 'CAS01' }],
    ['a CAS reason without amount', () => era([...CLAIM, PLB]).replace('CAS*PR*2*10', 'CAS*PR*2*10**3'),
      { rule: 'cas-triplet', element: 'CAS06' }],
    ['a missing SVC payment', () => era([...CLAIM, PLB]).replace('SVC*HC:36415*100*95', 'SVC*HC:36415*100*'),
      { rule: 'required-element', element: 'SVC03' }],
    ['a CAS before any claim', () => era(['LX*1', 'CAS*CO*45*1', ...CLAIM.slice(1)]),
      { rule: 'segment-order', segment: 'CAS' }],
    ['a PLB without amount (not blamed on the last claim)', () => era([...CLAIM, 'PLB*1234567893*20241231*L6:X']),
      { rule: 'plb-pair', element: 'PLB04' }],
    ['a claim after the PLB', () => era([...CLAIM, PLB, 'CLP*LATE*1*0*0']),
      { rule: 'segment-order', segment: 'CLP' }],
    ['a transaction without payee', () => era(CLAIM).replace('N1*PE*INVENTED CLINIC*XX*1234567893~\n', '').replace('SE*22*', 'SE*21*'),
      { rule: 'missing-segment', segment: 'LX' }],
    ['a transaction that is not an 835', () => era(CLAIM).replace('ST*835*', 'ST*837*'),
      { rule: 'transaction-type', element: 'ST01' }],
    ['another implementation guide', () => era(CLAIM).replace('005010X221A1', '004010X091A1'),
      { rule: 'implementation-guide', segment: 'GS', element: 'GS08', position: 2 }],
    ['a wrong SE count (from the shared envelope checker)', () => era(CLAIM).replace('SE*22*', 'SE*23*'),
      { rule: 'se-count' }],
    ['a file cut short', () => era(CLAIM).split('SE*')[0],
      { rule: 'truncated' }],
  ];
  for (const [what, text, expected] of rejections) {
    it(`rejects ${what}`, () => {
      const error = failure(() => readEra(text(), { file: 'bad.835' }));
      expect(error).to.include(expected);
      expect(error.message).to.contain('bad.835');
      expect(error.message).not.to.match(/INVENTEDLAST|INVENTEDFIRST|MEMBER9/);
    });
  }

  it('does not blame a provider adjustment (PLB) on the claim before it', () => {
    const error = failure(() => readEra(era([...CLAIM, 'PLB*1234567893*20241231*L6:X']), { file: 'bad.835' }));
    expect(error).to.include({ rule: 'plb-pair', segment: 'PLB', element: 'PLB04', controlNumber: '0001' });
    expect(error.detail).to.equal('PLB04 is missing: PLB adjustments come in (reason, amount) pairs');
  });

  it('names the claim of a CAS error inside it', () => {
    const error = failure(() => readEra(era([...CLAIM, PLB]).replace('CAS*PR*2*10', 'CAS*PR*2*10**3')));
    expect(error.detail).to.equal('claim CLAIM0001: CAS06 (adjustment amount) is missing for triplet 2');
  });

  it('names the claim control number, the segment position and both amounts in a balancing error', () => {
    const error = failure(() => readEra(era([...CLAIM, PLB]).replace('CLP*CLAIM0001*1*300*215', 'CLP*CLAIM0001*1*300*216')));
    expect(error.message).to.contain('claim CLAIM0001').and.contain('215.00').and.contain('216.00').and.contain('position 10');
  });

  it('can read an unbalanced file for display when asked to skip balancing', () => {
    const text = era([...CLAIM, PLB]).replace('SVC*HC:99213:25*200*140', 'SVC*HC:99213:25*200*141');
    expect(readEra(text, { skipBalancing: true }).transactions[0].claims[0].lines[0].paidCents).to.equal(14100);
  });
});

describe('streamEra / readEraStream', () => {
  it('streams a sample file claim by claim with the same positions as the in-memory reader', async () => {
    const path = new URL('../../fixtures/x12/tastypackets-profee.835', import.meta.url);
    const whole = readEra(readFileSync(path, 'utf8'));
    const events: string[] = [];
    const result = await readEraStream(createReadStream(path, { highWaterMark: 64 }), {
      onHeader: (h) => { events.push(`header ${h.controlNumber}`); },
      onClaim: async (claim) => { await new Promise((r) => setImmediate(r)); events.push(`claim ${claim.sequence}@${claim.position}`); },
      onTransaction: (s) => { events.push(`end ${s.claimCount} ${s.claimPaidCents}`); },
    });
    expect(events).to.deep.equal(['header 1740', ...whole.transactions[0].claims.map((c) => `claim ${c.sequence}@${c.position}`), 'end 3 4575']);
    expect(result.transactions).to.have.length(1);
  });

  it('gives the same error as the in-memory reader for the malformed tertiary sample', async () => {
    const path = new URL('../../fixtures/x12/lfh-tertiary-payment.835', import.meta.url);
    const input = createReadStream(path, { highWaterMark: 128 });
    const error = await readEraStream(input, { file: 't.835' }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(X12Error).and.include({ rule: 'svc-composite', position: 20, element: 'SVC01' });
    expect(input.destroyed, 'the file stream is released').to.equal(true);
  });

  it('handles a BOM, leading blank lines, CRLF and one-byte chunks', async () => {
    const text = `\uFEFF\r\n${era([...CLAIM, PLB]).replace(/\n/g, '\r\n')}\r\n`;
    const chunks = [...Buffer.from(text, 'utf8')].map((b) => Buffer.from([b]));
    const result = await readEraStream(Readable.from(chunks));
    expect(result.transactions[0]).to.include({ claimCount: 1, claimPaidCents: 21500 });
  });

  it('accepts segments tokenized elsewhere', async () => {
    const types: string[] = [];
    for await (const event of streamEra(iterateSegments(era(CLAIM.slice(0, 3).concat([]), 'BPR*I*280*C*CHK************20240105').replace('CLP*CLAIM0001*1*300*215', 'CLP*CLAIM0001*1*300*280')))) {
      types.push(event.type);
    }
    expect(types).to.deep.equal(['header', 'claim', 'transaction']);
  });

  it('rejects an empty stream and an ISA cut short', async () => {
    for (const text of ['', '   \n', ISA.slice(0, 50)]) {
      const error = await readEraStream(Readable.from([Buffer.from(text)])).then(() => undefined, (e: unknown) => e);
      expect(error, JSON.stringify(text)).to.be.instanceOf(X12Error).and.have.property('rule', 'isa');
    }
  });

  it('refuses a second interchange with other separators instead of mis-splitting it', async () => {
    const one = era([...CLAIM, PLB]);
    const two = one.replace(/000000001/g, '000000002').replace(/\*/g, '|').replace('|T|:~', '|T|>~').replace(/:/g, '>');
    const error = await readEraStream(Readable.from([Buffer.from(`${one}\n${two}`)])).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(X12Error).and.include({ rule: 'separators', segment: 'ISA', position: 28 });
    // The whole-text reader runs the same tokenizer, so it refuses it the same way.
    expect(failure(() => readEra(`${one}\n${two}`))).to.include({ rule: 'separators', segment: 'ISA', position: 28 });
  });

  it('streams a large generated file without building it in memory', async () => {
    const claims = 20_000;
    const claimSegments = ['CLP*C{n}*1*100*80**12*P{n}', 'SVC*HC:99213*100*80**1', 'DTM*472*20240102', 'CAS*CO*45*20'];
    const head = [ISA, 'GS*HP*PAYERSENDER*OUROFFICE*20240105*1200*1*X*005010X221A1', 'ST*835*0001',
      `BPR*I*${claims * 80}*C*CHK************20240105`, 'TRN*1*BIG1*1512345678', 'N1*PR*INVENTED PAYER', 'N1*PE*INVENTED CLINIC*XX*1234567893', 'LX*1'];
    const seCount = head.length - 2 + claims * claimSegments.length + 1;
    function* lines(): Generator<string> {
      yield head.map((s) => `${s}~\n`).join('');
      for (let n = 1; n <= claims; n += 1) yield claimSegments.map((s) => `${s.replace(/\{n\}/g, String(n))}~\n`).join('');
      yield `SE*${seCount}*0001~\nGE*1*1~\nIEA*1*000000001~\n`;
    }
    let seen = 0;
    let paid = 0;
    const result = await readEraStream(Readable.from(lines()), { onClaim: (claim) => { seen += 1; paid += claim.paidCents; } });
    expect(seen).to.equal(claims);
    expect(paid).to.equal(claims * 8000);
    expect(result.transactions[0].claimPaidCents).to.equal(claims * 8000);
  });

  it('reads no further segment until a claim handler has finished (backpressure)', async () => {
    const log: string[] = [];
    function* pulled(): Generator<Segment> {
      for (const segment of iterateSegments(era([...CLAIM, PLB]))) {
        log.push(`read ${segment.tag}`);
        yield segment;
      }
    }
    const onClaim = async (): Promise<void> => {
      log.push('claim started');
      await new Promise((r) => setImmediate(r));
      log.push('claim done');
    };
    async function* pulledAsync(): AsyncGenerator<Segment> {
      yield* pulled();
    }
    for (const input of [pulled(), pulledAsync()]) {
      log.length = 0;
      await readEraStream(input, { onClaim });
      const started = log.indexOf('claim started');
      expect(log.slice(started - 1, started + 3)).to.deep.equal(['read PLB', 'claim started', 'claim done', 'read SE']);
    }
  });

  it('hands out the claims before a later error in the same chunk, then rejects and releases the input', async () => {
    const text = era([...CLAIM, 'LX*2', 'CLP*CLAIM0002*1*0*0', 'SVC*HC:99213*0*0', PLB]).replace('SVC*HC:99213*0*0', 'svc*HC:99213*0*0');
    const input = Readable.from([Buffer.from(text)]);
    const claims: string[] = [];
    const error = await readEraStream(input, { onClaim: (claim) => { claims.push(claim.controlNumber); } })
      .then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(X12Error).and.include({ rule: 'segment-tag' });
    expect((error as X12Error).message).not.to.contain('99213');
    expect(claims).to.deep.equal(['CLAIM0001']);
    expect(input.destroyed).to.equal(true);
  });

  it('releases the input when the caller of streamEra stops early', async () => {
    const input = Readable.from([Buffer.from(era([...CLAIM, PLB]))]);
    for await (const event of streamEra(input)) {
      expect(event.type).to.equal('header');
      break;
    }
    expect(input.destroyed).to.equal(true);
  });

  it('rejects with the error a handler throws and releases the input', async () => {
    const input = Readable.from([Buffer.from(era([...CLAIM, PLB]))]);
    const error = await readEraStream(input, { onClaim: () => { throw new Error('staging failed'); } })
      .then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property('message', 'staging failed');
    expect(input.destroyed).to.equal(true);
  });

  it('passes an error of the input stream through', async () => {
    const input = new Readable({ read() { this.destroy(new Error('disk went away')); } });
    const error = await readEraStream(input).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(Error).and.have.property('message', 'disk went away');
  });
});

describe('835 element readers', () => {
  const seg = (value: string): Segment => ({ tag: 'AMT', elements: ['AMT', 'B6', value], position: 7 });
  const centsOrRule = (read: () => number): number | string => {
    try {
      return read();
    } catch (error) {
      if (error instanceof AmountFormatError) return 'amount';
      if (error instanceof X12Error) return error.rule;
      throw error;
    }
  };

  // parseCents itself (plain fast path against the full decimal reading) is checked in money.test.ts.
  it('reads amounts exactly as parseCents does, and names the element (not the value) when it cannot', () => {
    const text = fc.stringMatching(/^[-+]?[0-9]{0,17}(\.[0-9]{0,4})?$/);
    fc.assert(fc.property(text, (value) => {
      fc.pre(value.trim() !== '');
      expect(centsOrRule(() => amount(seg(value), 2, {}, 'allowed amount')), value).to.equal(centsOrRule(() => parseCents(value)));
    }), { numRuns: 1000 });
    const error = failure(() => amount(seg('12x.5'), 2, { file: 'f.835', controlNumber: '0001', claim: 'CLAIM0001' }, 'allowed amount'));
    expect(error).to.include({ rule: 'amount', segment: 'AMT', position: 7, element: 'AMT02', controlNumber: '0001', file: 'f.835' });
    expect(error.message).to.equal('file f.835, segment AMT at position 7, element AMT02, control number 0001: '
      + 'claim CLAIM0001: AMT02 (allowed amount) is not a valid amount: not a decimal amount [rule amount]');
  });
});
