// What people see of tasks: which task types show the patient's name and birth date in the task
// detail (the minimum necessary: only work that means talking to the patient), and the priority
// bands the statistics count waiting work in. Data only; nothing here imports from src/.
import type { TaskType } from './task-types.js';

/**
 * Types whose detail shows the patient's name and birth date (to call them, or answer their
 * call). Every such read is recorded in the audit. Other types show ids, codes and money only.
 */
export const PATIENT_DETAIL_TASK_TYPES: readonly TaskType[] = ['patient-call', 'patient-inquiry', 'payment-plan-missed'];

/** Priority bands, highest first: a task is in the first band whose `min` its score reaches. */
export const PRIORITY_BANDS: ReadonlyArray<{ readonly name: string; readonly min: number }> = [
  { name: 'high', min: 70 },
  { name: 'medium', min: 40 },
  { name: 'low', min: Number.NEGATIVE_INFINITY },
];
