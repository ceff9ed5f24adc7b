// Moved to the files repository (src/db/repositories/files.repository.ts); kept while other
// branches still import it from here. To be deleted once they are merged.
export { fileContentSlices } from '../../db/repositories/files.repository.js';
