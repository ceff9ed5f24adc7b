// The only building blocks a job payload may use: ids, dates, enums and bounded numbers.
// Free text cannot be expressed, so patient names, member ids or diagnoses cannot reach Redis.
import { isCalendarDate } from '../domain/calendar-date.js';
import { z } from 'zod';

const approvedFields = new WeakSet<z.ZodType>();

function approve<T extends z.ZodType>(schema: T): T {
  approvedFields.add(schema);
  return schema;
}

export const field = {
  /** A database id (positive integer). */
  id: () => approve(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  /** A calendar date, 'YYYY-MM-DD'. */
  date: () =>
    approve(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
        .refine((text) => isCalendarDate(text), 'must be a real calendar date'),
    ),
  /** A whole number within bounds (offsets, counts). */
  integer: (min = 0, max = Number.MAX_SAFE_INTEGER) => approve(z.number().int().min(min).max(max)),
  /** One of a fixed set of words. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => approve(z.enum(values)),
  /** One of the fields above, which may be left out (a scheduled job's `asOf`: absent means today). */
  optional: <T extends z.ZodType>(inner: T) => {
    if (!approvedFields.has(inner)) throw new Error('field.optional() takes a field.*() field');
    return approve(inner.optional());
  },
};

export type PayloadShape = Record<string, z.ZodType>;

/**
 * Declares a job payload. Strict: an unknown key (say, `patientName`) is refused, and every
 * field must come from `field`, checked when the registry module loads.
 */
export function payload<S extends PayloadShape>(shape: S) {
  for (const [key, schema] of Object.entries(shape)) {
    if (!approvedFields.has(schema)) {
      throw new Error(`payload field "${key}" is not an id, date, enum or number: use field.*()`);
    }
  }
  return z.strictObject(shape);
}
