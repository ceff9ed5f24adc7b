// Every EDI file in or out is kept: its bytes (in parts), hash and fate. A rejected file stays here,
// quarantined with its reason, so nobody has to ask the clearinghouse for it again.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

// BAI2 and deposits-csv are bank files (docs/deposits.md), kept here with the same hash and quarantine.
export const EDI_FILE_KINDS = ['837P', 'claims-json', '835', '999', '277CA', 'TA1', 'BAI2', 'deposits-csv'] as const;
export const EDI_FILE_STATUSES = ['received', 'processing', 'processed', 'duplicate', 'quarantined'] as const;
export type EdiFileKind = (typeof EDI_FILE_KINDS)[number];
export type EdiFileStatus = (typeof EDI_FILE_STATUSES)[number];

export const EdiFile = defineEntity({
  name: 'EdiFile',
  tableName: 'edi_file',
  properties: {
    id: p.integer().primary().autoincrement(),
    kind: p.enum([...EDI_FILE_KINDS]),
    direction: p.enum(['inbound', 'outbound']),
    fileName: p.string().length(255),
    sha256: p.string().length(64).index(),
    sizeBytes: p.integer(),
    status: p.enum([...EDI_FILE_STATUSES]).default('received'),
    error: p.text().nullable(),
    receivedAt: p.datetime().onCreate(() => new Date()),
    processedAt: p.datetime().nullable(),
  },
});

/** A file's bytes, in order: written part by part while the file streams in, read back the same way. */
export const EdiFilePart = defineEntity({
  name: 'EdiFilePart',
  tableName: 'edi_file_part',
  properties: {
    fileId: p.integer().primary(),
    part: p.integer().primary(),
    bytes: p.blob(),
  },
});
