// Invented 835 texts for posting tests, balanced by construction unless a test breaks them.
import { formatX12Amount } from '../../../src/domain/money.js';

export interface TextLine { procedure: string; chargeCents: number; cas?: Array<[string, string, number]>; lineControl?: string; date?: string }
export interface TextClaim { control: string; status?: string; cas?: Array<[string, string, number]>; lines: TextLine[] }

const money = formatX12Amount;
const sumCas = (cas: Array<[string, string, number]> = []) => cas.reduce((s, [, , c]) => s + c, 0);

export function linePaid(line: TextLine): number {
  return line.chargeCents - sumCas(line.cas);
}

export function claimPaid(claim: TextClaim): number {
  return claim.lines.reduce((s, l) => s + linePaid(l), 0) - sumCas(claim.cas);
}

export function eraText(options: { trace: string; claims: TextClaim[]; plb?: Array<[string, number]>; st?: string; payerId?: string; payeeNpi?: string }): string {
  const st = options.st ?? '0001';
  const net = options.claims.reduce((s, c) => s + claimPaid(c), 0) - (options.plb ?? []).reduce((s, [, c]) => s + c, 0);
  const body: string[] = [
    `ST*835*${st}`,
    `BPR*I*${money(Math.abs(net))}*${net < 0 ? 'D' : 'C'}*CHK************20240110`,
    `TRN*1*${options.trace}*${options.payerId ?? '1935665544'}`,
    'N1*PR*INVENTED PAYER',
    `N1*PE*INVENTED CLINIC*XX*${options.payeeNpi ?? '1234567893'}`,
    'LX*1',
  ];
  for (const claim of options.claims) {
    const charge = claim.lines.reduce((s, l) => s + l.chargeCents, 0);
    body.push(`CLP*${claim.control}*${claim.status ?? '1'}*${money(charge)}*${money(claimPaid(claim))}**12*PCN${claim.control}`);
    for (const [group, reason, cents] of claim.cas ?? []) body.push(`CAS*${group}*${reason}*${money(cents)}`);
    body.push('NM1*QC*1*INVENTED*PATIENT****MI*X0000000');
    for (const line of claim.lines) {
      body.push(`SVC*HC:${line.procedure}*${money(line.chargeCents)}*${money(linePaid(line))}**1`);
      body.push(`DTM*472*${(line.date ?? '2024-01-02').replace(/-/g, '')}`);
      for (const [group, reason, cents] of line.cas ?? []) body.push(`CAS*${group}*${reason}*${money(cents)}`);
      if (line.lineControl) body.push(`REF*6R*${line.lineControl}`);
    }
  }
  if (options.plb?.length) body.push(`PLB*1234567893*20241231*${options.plb.map(([r, c]) => `${r}:REF*${money(c)}`).join('*')}`);
  body.push(`SE*${body.length + 1}*${st}`);
  return [
    'ISA*00*          *00*          *ZZ*PAYERSENDER    *ZZ*OUROFFICE      *240110*1200*^*00501*000000101*0*T*:',
    'GS*HP*PAYERSENDER*OUROFFICE*20240110*1200*101*X*005010X221A1',
    ...body,
    'GE*1*101',
    'IEA*1*000000101',
  ].map((s) => `${s}~\n`).join('');
}

/** Several transactions (texts of eraText, each with its own `st`) in one interchange and group. */
export function multiEraText(transactions: string[], interchange = '000000101'): string {
  const segments = (text: string) => text.split('~\n').filter(Boolean);
  const bodies = transactions.map((text) => {
    const all = segments(text);
    return all.slice(all.findIndex((s) => s.startsWith('ST*')), all.findIndex((s) => s.startsWith('GE*')));
  });
  const [isa, gs] = segments(transactions[0]);
  return [
    isa.replace('*000000101*', `*${interchange}*`), gs, ...bodies.flat(), `GE*${bodies.length}*101`, `IEA*1*${interchange}`,
  ].map((s) => `${s}~\n`).join('');
}
