// A statement as the patient reads it, laid out with pdfkit: who we are and how to reach us, the
// amount due and its due date first, then each visit (what was done, what insurance paid and
// adjusted, the patient's share), and a slip to send back with a check. In memory only: the bytes
// go to Postgres (statement.pdf), never to Redis or logs.
import PDFDocument from 'pdfkit';
import { formatDollars } from '../../domain/money.js';
import type { PaymentInstructions } from '../../../config/dunning.js';
import type { StatementGuarantor, StatementRecord, StatementVisit } from '../../db/repositories/statements.repository.js';

export interface StatementDocument {
  statement: StatementRecord;
  guarantor: StatementGuarantor | null;
  visits: readonly StatementVisit[];
  payment: PaymentInstructions;
}

const TITLES: Record<StatementRecord['kind'], string> = {
  statement: 'Patient statement',
  'final-notice': 'FINAL NOTICE',
  'agency-referral': 'Notice of referral to a collection agency',
};

const LEFT = 50;
const WIDTH = 512; // US Letter (612 pt) less two 50 pt margins
// Visit table: date, services, insurance, charges, insurance paid, adjusted, your share.
const COLUMNS = [
  { title: 'Date of service', x: 50, width: 70, align: 'left' },
  { title: 'Services (CPT/HCPCS)', x: 122, width: 100, align: 'left' },
  { title: 'Insurance', x: 224, width: 96, align: 'left' },
  { title: 'Charges', x: 322, width: 58, align: 'right' },
  { title: 'Insurance paid', x: 382, width: 58, align: 'right' },
  { title: 'Adjusted', x: 442, width: 54, align: 'right' },
  { title: 'Your share', x: 498, width: 64, align: 'right' },
] as const;

export function dollars(cents: number): string {
  return `$${formatDollars(cents)}`;
}

/** A date as a US patient reads it: MM/DD/YYYY. */
export function usDate(iso: string | null): string {
  if (iso === null) return 'upon receipt';
  const [year, month, day] = iso.split('-');
  return `${month}/${day}/${year}`;
}

export async function renderStatementPdf(document: StatementDocument): Promise<Buffer> {
  const { statement, guarantor, visits, payment } = document;
  const pdf = new PDFDocument({ size: 'LETTER', margin: 50, info: { Title: `${TITLES[statement.kind]} ${statement.accountNumber}`, Author: payment.practiceName } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  // Practice and how to reach it.
  pdf.font('Helvetica-Bold').fontSize(18).text(payment.practiceName, LEFT, 50);
  pdf.font('Helvetica').fontSize(9).text(payment.mailTo.join(' / '), LEFT, 72).text(`Billing questions: ${payment.phone} (${payment.officeHours})`);
  pdf.font('Helvetica-Bold').fontSize(14).text(TITLES[statement.kind], LEFT, 50, { width: WIDTH, align: 'right' });

  // The guarantor, as on the envelope.
  let y = 120;
  if (guarantor) {
    const name = [guarantor.firstName, guarantor.lastName].filter(Boolean).join(' ');
    const a = guarantor.address ?? {};
    const lines = [name, a.line1, a.line2, [[a.city, a.state].filter(Boolean).join(', '), a.postalCode].filter(Boolean).join(' ')].filter((l): l is string => Boolean(l));
    pdf.font('Helvetica').fontSize(11).text(lines.join('\n'), LEFT, y, { width: 250 });
  }

  // The box the eye goes to first: what is owed and by when.
  pdf.rect(330, y - 6, 232, 92).lineWidth(1).stroke('#333333');
  const box = (label: string, value: string, row: number, bold = false): void => {
    pdf.font('Helvetica').fontSize(10).fillColor('#000000').text(label, 340, y + row * 20, { width: 110 });
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 13 : 10).text(value, 450, y + row * 20 - (bold ? 2 : 0), { width: 102, align: 'right' });
  };
  box('Statement date', usDate(statement.statementDate), 0);
  box('Account number', statement.accountNumber, 1);
  box('Amount due', dollars(statement.amountDueCents), 2, true);
  box('Please pay by', usDate(statement.dueDate), 3);

  // The visits behind the balance.
  const tableHeader = (top: number): number => {
    pdf.font('Helvetica-Bold').fontSize(8);
    for (const c of COLUMNS) pdf.text(c.title, c.x, top, { width: c.width, align: c.align });
    pdf.moveTo(LEFT, top + 18).lineTo(LEFT + WIDTH, top + 18).lineWidth(0.5).stroke('#777777');
    pdf.font('Helvetica').fontSize(8);
    return top + 22;
  };
  y = tableHeader(236);
  let shares = 0;
  for (const visit of visits) {
    if (y > 600) {
      pdf.addPage();
      y = tableHeader(50);
    }
    const services = visit.procedures.map((p) => p.code).join(', ') || '-';
    const cells = [usDate(visit.serviceDate), services, visit.payerName, dollars(visit.chargeCents), dollars(visit.insurancePaidCents),
      dollars(visit.adjustedCents), dollars(visit.patientCents)];
    const height = Math.max(...cells.map((text, i) => pdf.heightOfString(text, { width: COLUMNS[i].width })));
    cells.forEach((text, i) => pdf.text(text, COLUMNS[i].x, y, { width: COLUMNS[i].width, align: COLUMNS[i].align }));
    y += height + 6;
    shares += visit.patientCents;
  }
  if (visits.length === 0) {
    pdf.text('Visit details are available from the billing office.', LEFT, y);
    y += 16;
  }

  // Totals: the shares, what has been paid or credited since, and the amount due. What follows
  // the table needs about 200 points above the slip; a long table moves it to a page of its own.
  if (y > 440) {
    pdf.addPage();
    y = 50;
  }
  y += 6;
  pdf.moveTo(322, y - 4).lineTo(LEFT + WIDTH, y - 4).stroke('#777777');
  const total = (label: string, cents: number, bold = false): void => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 9).text(label, 322, y, { width: 160 }).text(dollars(cents), 482, y, { width: 80, align: 'right' });
    y += bold ? 18 : 14;
  };
  total('Your share of these visits', shares);
  total('Payments and credits', Math.max(0, shares - statement.amountDueCents));
  total('Amount due', statement.amountDueCents, true);

  // What happens next, and how to pay.
  y += 10;
  pdf.font('Helvetica').fontSize(9).fillColor('#000000');
  if (statement.kind === 'final-notice') {
    pdf.font('Helvetica-Bold').text(`This is a final notice. If the amount due is not paid, or a payment plan arranged, by ${usDate(statement.dueDate)}, `
      + 'the account may be referred to a collection agency.', LEFT, y, { width: WIDTH });
    y = pdf.y + 8;
  }
  pdf.font('Helvetica-Bold').fontSize(10).text('How to pay', LEFT, y);
  pdf.font('Helvetica').fontSize(9)
    .text(`Online: ${payment.website}`, LEFT, pdf.y + 2)
    .text(`By phone: ${payment.phone} (${payment.officeHours})`)
    .text(`By mail: check payable to ${payment.practiceName}, with the slip below, to ${payment.mailTo.join(', ')}`, { width: WIDTH })
    .text('Cannot pay it all at once? Call us to set up a payment plan. Questions about a charge or what insurance paid? Call us before the due date.',
      { width: WIDTH });

  // The slip to send back.
  const slip = 650;
  pdf.moveTo(LEFT, slip).lineTo(LEFT + WIDTH, slip).dash(4, { space: 3 }).stroke('#777777').undash();
  pdf.font('Helvetica').fontSize(8).text('Please detach and return this part with your payment.', LEFT, slip + 6);
  pdf.fontSize(10)
    .text(`Account number: ${statement.accountNumber}`, LEFT, slip + 24)
    .text(`Amount due: ${dollars(statement.amountDueCents)}`, LEFT, slip + 40)
    .text(`Please pay by: ${usDate(statement.dueDate)}`, LEFT, slip + 56)
    .text('Amount enclosed: $ ______________', 330, slip + 40);
  pdf.end();
  return done;
}
