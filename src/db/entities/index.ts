// Every entity the ORM knows; migrations are generated from this list.
import { Payer, Provider, Account, Patient, Coverage } from './parties.js';
import { Claim, ClaimLine } from './claims.js';
import { LedgerEntry } from './ledger.js';
import { EdiFile, EdiFilePart } from './files.js';
import { Task, TaskEvent, Specialist, AuditEvent } from './work.js';
import { OutboxMessage, JobRecord, Installation } from './engine.js';
import { Remittance, RemittanceClaim, RemittanceChunk, FeeSchedule, CarcOverride } from './remittances.js';
import { ClaimDetail, ClaimEdit, ClaimEvent, Submission, SubmissionClaim, ClaimFileOutcome, ClaimConflict } from './claim-work.js';
import { RepairSweep, RepairEvent, JobSchedule } from './repair.js';
import { ApiToken, BoardSession } from './auth.js';
import { TaskNote, TaskOutcome } from './task-outcomes.js';
import { Statement, PaymentPlan, PaymentPlanInstallment, AccountDispute } from './collections.js';
import { PatientPayment } from './patient-payments.js';
import { KpiSnapshot } from './kpis.js';
import { RetryPolicyVersion, DeadLetter } from './operations.js';
import { ThrottleOverride } from './throttles.js';
import { Deposit } from './deposits.js';
import { AgingSnapshot, AgingSnapshotRow, BalanceDiscrepancy } from './books.js';
import type { InferEntity } from '@mikro-orm/core';

export { Payer, Provider, Account, Patient, Coverage, Claim, ClaimLine, LedgerEntry, EdiFile, EdiFilePart };
export { Task, TaskEvent, Specialist, AuditEvent, OutboxMessage, JobRecord, Installation };
export { Remittance, RemittanceClaim, RemittanceChunk, FeeSchedule, CarcOverride };
export { ClaimDetail, ClaimEdit, ClaimEvent, Submission, SubmissionClaim, ClaimFileOutcome, ClaimConflict };
export { RepairSweep, RepairEvent, JobSchedule, ApiToken, BoardSession };
export { TaskNote, TaskOutcome };
export { Statement, PaymentPlan, PaymentPlanInstallment, AccountDispute };
export { PatientPayment };
export { KpiSnapshot };
export { RetryPolicyVersion, DeadLetter };
export { ThrottleOverride };
export { Deposit };
export { AgingSnapshot, AgingSnapshotRow, BalanceDiscrepancy };

export const entities = [
  Payer, Provider, Account, Patient, Coverage, Claim, ClaimLine, LedgerEntry, EdiFile, EdiFilePart,
  Task, TaskEvent, Specialist, AuditEvent, OutboxMessage, JobRecord, Installation,
  Remittance, RemittanceClaim, RemittanceChunk, FeeSchedule, CarcOverride,
  ClaimDetail, ClaimEdit, ClaimEvent, Submission, SubmissionClaim, ClaimFileOutcome, ClaimConflict,
  RepairSweep, RepairEvent, JobSchedule, ApiToken, BoardSession,
  TaskNote, TaskOutcome,
  Statement, PaymentPlan, PaymentPlanInstallment, AccountDispute,
  PatientPayment,
  KpiSnapshot,
  RetryPolicyVersion, DeadLetter,
  ThrottleOverride,
  Deposit,
  AgingSnapshot, AgingSnapshotRow, BalanceDiscrepancy,
];

// Entity types under the same names as their schemas: `const c: Claim = await em.findOneOrFail(Claim, id)`.
export type Payer = InferEntity<typeof Payer>;
export type Provider = InferEntity<typeof Provider>;
export type Account = InferEntity<typeof Account>;
export type Patient = InferEntity<typeof Patient>;
export type Coverage = InferEntity<typeof Coverage>;
export type Claim = InferEntity<typeof Claim>;
export type ClaimLine = InferEntity<typeof ClaimLine>;
export type LedgerEntry = InferEntity<typeof LedgerEntry>;
export type EdiFile = InferEntity<typeof EdiFile>;
export type EdiFilePart = InferEntity<typeof EdiFilePart>;
export type Task = InferEntity<typeof Task>;
export type TaskEvent = InferEntity<typeof TaskEvent>;
export type Specialist = InferEntity<typeof Specialist>;
export type AuditEvent = InferEntity<typeof AuditEvent>;
export type OutboxMessage = InferEntity<typeof OutboxMessage>;
export type JobRecord = InferEntity<typeof JobRecord>;
export type Installation = InferEntity<typeof Installation>;
export type Remittance = InferEntity<typeof Remittance>;
export type RemittanceClaim = InferEntity<typeof RemittanceClaim>;
export type RemittanceChunk = InferEntity<typeof RemittanceChunk>;
export type FeeSchedule = InferEntity<typeof FeeSchedule>;
export type CarcOverride = InferEntity<typeof CarcOverride>;
export type ClaimDetail = InferEntity<typeof ClaimDetail>;
export type ClaimEdit = InferEntity<typeof ClaimEdit>;
export type ClaimEvent = InferEntity<typeof ClaimEvent>;
export type Submission = InferEntity<typeof Submission>;
export type SubmissionClaim = InferEntity<typeof SubmissionClaim>;
export type ClaimFileOutcome = InferEntity<typeof ClaimFileOutcome>;
export type ClaimConflict = InferEntity<typeof ClaimConflict>;
export type RepairSweep = InferEntity<typeof RepairSweep>;
export type RepairEvent = InferEntity<typeof RepairEvent>;
export type JobSchedule = InferEntity<typeof JobSchedule>;
export type ApiToken = InferEntity<typeof ApiToken>;
export type BoardSession = InferEntity<typeof BoardSession>;
export type TaskNote = InferEntity<typeof TaskNote>;
export type TaskOutcome = InferEntity<typeof TaskOutcome>;
export type Statement = InferEntity<typeof Statement>;
export type PaymentPlan = InferEntity<typeof PaymentPlan>;
export type PaymentPlanInstallment = InferEntity<typeof PaymentPlanInstallment>;
export type AccountDispute = InferEntity<typeof AccountDispute>;
export type PatientPayment = InferEntity<typeof PatientPayment>;
export type KpiSnapshot = InferEntity<typeof KpiSnapshot>;
export type RetryPolicyVersion = InferEntity<typeof RetryPolicyVersion>;
export type DeadLetter = InferEntity<typeof DeadLetter>;
export type ThrottleOverride = InferEntity<typeof ThrottleOverride>;
export type Deposit = InferEntity<typeof Deposit>;
export type AgingSnapshot = InferEntity<typeof AgingSnapshot>;
export type AgingSnapshotRow = InferEntity<typeof AgingSnapshotRow>;
export type BalanceDiscrepancy = InferEntity<typeof BalanceDiscrepancy>;
export type { EdiFileKind, EdiFileStatus } from './files.js';
export type { ClaimStatus } from './claims.js';
export type { LedgerKind } from './ledger.js';
export type { TaskStatus } from './work.js';
export type { DepositStatus } from './deposits.js';
