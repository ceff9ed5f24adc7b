// A statement's PDF: rendered the first time someone asks for it (or by `rcm statements render`,
// a batch after the pass), then kept in statement.pdf, so what was sent stays what it was even as the
// account moves on. The dunning pass records statements in bulk and makes no PDFs: 200,000 renders
// would take far longer than the pass (README, "Collections: the patient statement cycle").
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../errors.js';
import { defaultDunningConfig, type PaymentInstructions } from '../../../config/dunning.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { StatementsRepository, type StatementRecord } from '../../db/repositories/statements.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { renderStatementPdf } from './statement-layout.js';

/** Who may read a statement's PDF: the people who talk to patients about their bills, and those over them. */
export const STATEMENT_READER_ROLES = ['specialist', 'supervisor', 'director', 'admin'] as const;

export interface StatementPdf {
  statement: StatementRecord;
  pdf: Buffer;
}

/**
 * The statement's PDF for `reader` (a login), rendered and kept if it is the first request; the
 * read is audited (the PDF shows the guarantor's name, address and visits). Runs in the caller's
 * transaction. 404 (RequestRefused) for an unknown id.
 */
export async function statementPdfFor(em: EntityManager, statementId: number, reader: string, at: Date,
  payment: PaymentInstructions = defaultDunningConfig.payment): Promise<StatementPdf> {
  const result = await statementPdf(em, statementId, payment);
  await new AuditRepository(sqlRunner(em)).record({
    actor: reader, action: 'patient.read', subjectType: 'statement', subjectId: String(statementId),
    detail: { accountId: result.statement.accountId, fields: ['guarantor', 'address', 'visits', 'amounts'], as: 'statement-pdf' },
  }, at);
  return result;
}

export async function statementPdf(em: EntityManager, statementId: number, payment: PaymentInstructions): Promise<StatementPdf> {
  const statements = new StatementsRepository(em);
  const statement = await statements.statement(statementId);
  if (!statement) throw notFound(`no statement ${statementId}`);
  const kept = statement.hasPdf ? await statements.pdf(statementId) : null;
  if (kept) return { statement, pdf: kept };
  const pdf = await renderStatementPdf({
    statement, payment,
    guarantor: (await statements.guarantor(statement.accountId)) ?? null,
    visits: await statements.visits(statement.accountId, statement.statementDate),
  });
  await statements.keepPdf(statementId, pdf);
  return { statement: { ...statement, hasPdf: true }, pdf: (await statements.pdf(statementId)) ?? pdf };
}

/** Renders up to `limit` statements that have no PDF yet, oldest first; returns how many. */
export async function renderWaitingStatementPdfs(em: EntityManager, limit: number,
  payment: PaymentInstructions = defaultDunningConfig.payment): Promise<number> {
  const ids = await new StatementsRepository(em).withoutPdf(limit);
  for (const id of ids) await em.transactional((tx) => statementPdf(tx, id, payment));
  return ids.length;
}
