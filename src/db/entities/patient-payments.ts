// A payment a patient made on their account (card, check, cash, ACH). The money itself is the
// `patient-payment` ledger entry written with it; this row keeps how it was paid, for the patient.
import { defineEntity } from '@mikro-orm/core';
import { PAYMENT_METHODS } from '../../domain/collections/patient-payment.js';

const p = defineEntity.properties;


export const PatientPayment = defineEntity({
  name: 'PatientPayment',
  tableName: 'patient_payment',
  properties: {
    id: p.integer().primary().autoincrement(),
    accountId: p.integer().index(),
    amountCents: p.bigint('number'),
    paymentDate: p.date(),
    method: p.enum([...PAYMENT_METHODS]),
    /** Check number, card authorisation or ACH trace: never card numbers or patient data. */
    reference: p.string().length(80),
    /** The account with the client's key, or with method and reference: a retried post finds this row. */
    idempotencyKey: p.string().length(200).unique(),
    planId: p.integer().nullable(),
    appliedToPlanCents: p.bigint('number').default(0),
    receivedById: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
