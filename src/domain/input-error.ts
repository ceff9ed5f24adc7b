// What counts as bad input, defined once for every capability: an error about the content of
// a file or document the engine was given. Retrying cannot help, so the job that read it
// quarantines the file and fails without retry (src/services/file-jobs.service.ts).
export class InputError extends Error {
  override name = 'InputError';
}
