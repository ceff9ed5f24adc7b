// Every entity the ORM knows; migrations are generated from this list.
import { Payer, Provider, Account, Patient, Coverage } from './parties.js';
import { Claim, ClaimLine } from './claims.js';
import { LedgerEntry } from './ledger.js';
import { EdiFile } from './files.js';
import { Task, TaskEvent, Specialist, AuditEvent } from './work.js';
import { OutboxMessage, JobRecord } from './engine.js';

export { Payer, Provider, Account, Patient, Coverage, Claim, ClaimLine, LedgerEntry, EdiFile };
export { Task, TaskEvent, Specialist, AuditEvent, OutboxMessage, JobRecord };

export const entities = [
  Payer, Provider, Account, Patient, Coverage, Claim, ClaimLine, LedgerEntry, EdiFile,
  Task, TaskEvent, Specialist, AuditEvent, OutboxMessage, JobRecord,
];
