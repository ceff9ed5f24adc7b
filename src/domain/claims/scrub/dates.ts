// Kept only so scrub files owned elsewhere (index.ts, required-fields.ts, timely-filing.ts) compile
// until their imports point at src/domain/calendar-date.ts, the one calendar-date module; then delete.
export { fromEpochDay, isCalendarDate, requireEpochDay, toEpochDay } from '../../calendar-date.js';
