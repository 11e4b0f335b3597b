// The preview a publisher sees before publishing: what was detected (encoding, delimiter, header
// line), each field with its type and sample values, how many records, and how many points fall
// outside France (probably swapped or wrong coordinates). Nothing is written.
import path from 'node:path';
import type { FieldType } from '../catalog/index.js';
import { sqlIdentifier, toApiValue, type BlobStore, type DataEngine } from '../data/index.js';
import { outsideFrance } from './geo.js';
import { DEFAULT_MAX_COLUMNS } from './names.js';
import { checkReadable, prepareFile, type Processing, type ReadFacts, type ReadOptions } from './prepare.js';

const SAMPLES = 5;

export interface FilePreview extends ReadFacts {
  file: string;
  records_count: number;
  fields: { name: string; label: string; type: FieldType; samples: unknown[] }[];
  /** Per geo_point_2d field, the points outside the extents of France. */
  points_outside_france: Record<string, number>;
}

export async function previewFile(
  ctx: { engine: DataEngine; blobs: BlobStore; publishOptions?: { maxColumns?: number } },
  file: string,
  options: ReadOptions = {},
  fileName = path.basename(file),
  processing?: Processing,
): Promise<FilePreview> {
  checkReadable(file, fileName);
  return ctx.engine.withConnection(async (connection) => {
    const prepared = await prepareFile(connection, { file, fileName, scratchFile: ctx.blobs.temporaryFile('.csv'), options, limits: { maxColumns: ctx.publishOptions?.maxColumns ?? DEFAULT_MAX_COLUMNS }, processing });
    await connection.run(`create or replace temp table preview as ${prepared.select}`);
    const [counted] = await connection.query('select count(*) as n from preview');
    const fields = [];
    for (const field of prepared.fields) {
      const column = sqlIdentifier(field.name);
      // The first distinct values, in the order of the file.
      const rows = await connection.query(
        `select v from (select ${column} as v, row_number() over () as r from (select ${column} from preview where ${column} is not null limit 1000)) group by v order by min(r) limit ${SAMPLES}`,
      );
      fields.push({ name: field.name, label: field.label, type: field.type, samples: rows.map((r) => toApiValue(field.type, r.v)) });
    }
    const outside: Record<string, number> = {};
    for (const field of prepared.fields.filter((f) => f.type === 'geo_point_2d')) {
      const [row] = await connection.query(`select count(*) filter (where ${outsideFrance(sqlIdentifier(field.name))}) as n from preview`);
      outside[field.name] = Number(row?.n ?? 0);
    }
    return {
      file: fileName,
      ...prepared.facts,
      records_count: Number(counted?.n ?? 0),
      fields,
      points_outside_france: outside,
    };
  });
}
