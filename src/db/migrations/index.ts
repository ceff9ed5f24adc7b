// Migrations in the order they apply. Listing them here (rather than globbing a folder)
// makes the same list work under tsx and from the compiled dist/.
import { Migration20261126164724 } from './migration-20261126164724.js';

export const migrationsList = [
  { name: 'migration-20261126164724', class: Migration20261126164724 },
];
