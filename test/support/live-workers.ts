// Workers started by tests and not yet closed; see root-hooks.ts.
export const liveWorkers = new Set<string>();
