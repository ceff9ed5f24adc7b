// `rcm statements show ID [--pdf FILE] --as LOGIN [--json]`: a patient statement as recorded, and
// with --pdf the PDF the patient was sent, written to FILE (rendered and kept on first request;
// audited as a read of patient data by that person, who must be a specialist, supervisor, director
// or admin). `rcm statements render [--limit N]`: makes the PDFs the dunning pass left for later.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';
import { actorOf } from './users.js';

export function registerStatementCommands(statements: Command): void {
  statements
    .command('show')
    .description('a statement as recorded; --pdf FILE writes the PDF the patient was sent (audited)')
    .argument('<id>', 'the statement id')
    .option('--pdf <file>', 'write the PDF here')
    .option('--as <login>', 'the person reading it, for the audit (default: RCM_USER; needed with --pdf)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, id: string, opts: { pdf?: string; as?: string; json?: boolean }) => {
      if (!/^[1-9]\d{0,9}$/.test(id)) throw new CliError(`"${id}" is not a statement id`, 2);
      const [{ StatementsRepository }, { statementPdfFor, STATEMENT_READER_ROLES }, { PeopleRepository }, { sqlRunner }] = await Promise.all([
        import('../../db/repositories/statements.repository.js'), import('../../services/collections/statement-pdf.service.js'),
        import('../../db/repositories/people.repository.js'), import('../../db/sql.js'),
      ]);
      const orm = await ctx.db();
      if (opts.pdf === undefined) {
        const statement = await new StatementsRepository(orm.em.fork()).statement(Number(id));
        if (!statement) throw new CliError(`no statement ${id}`, 2);
        output(opts.json, statement, () => `statement ${statement.id}: ${statement.kind} (${statement.stage}) of ${statement.statementDate} for account `
          + `${statement.accountNumber}, ${(statement.amountDueCents / 100).toFixed(2)} due by ${statement.dueDate ?? 'receipt'}`);
        return;
      }
      const login = actorOf(opts);
      const person = await new PeopleRepository(sqlRunner(orm.em.fork())).findByLogin(login);
      if (!person?.active) throw new CliError(`--as ${login}: no such active person; nothing read`, 2);
      if (!(STATEMENT_READER_ROLES as readonly string[]).includes(person.role)) {
        throw new CliError(`--as ${login}: the role ${person.role} may not read statements (${STATEMENT_READER_ROLES.join(', ')} may); nothing read`, 2);
      }
      const { statement, pdf } = await orm.em.fork().transactional((em) => statementPdfFor(em, Number(id), login, new Date())).catch((error: Error) => {
        throw error.name === 'RequestRefused' ? new CliError(error.message, 2) : error;
      });
      await writeFile(opts.pdf, pdf, { mode: 0o600 });
      output(opts.json, { ...statement, pdf: opts.pdf, bytes: pdf.length }, () => `statement ${statement.id}: PDF written to ${opts.pdf} (${pdf.length} bytes)`);
    }));

  statements
    .command('render')
    .description('make the PDFs of statements that have none yet (the dunning pass records statements only)')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a whole number of statements (1 or more), not ${opts.limit}`, 2);
      const { renderWaitingStatementPdfs } = await import('../../services/collections/statement-pdf.service.js');
      const rendered = await renderWaitingStatementPdfs((await ctx.db()).em.fork(), limit);
      output(opts.json, { rendered }, () => `${rendered} statement PDF(s) made`);
    }));
}
