// Typing first drops, in JavaScript, the types a column's first values cannot have (MAY_FIT in
// typing.ts), before DuckDB tests the others. That shortcut must never drop a type DuckDB's own
// test would give: each column here holds one type in the odd spellings real files have (spaces
// around, signs, thousands spaces, upper case, lower-case WKT, SRID, exponents…), and must come out
// as that type, as the exact reading types it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FieldType } from '../../src/catalog/index.js';
import { openDataEngine, sqlIdentifier, type DataEngine } from '../../src/data/index.js';
import { inferColumns, toField } from '../../src/ingest/typing.js';

const COLUMNS: Record<string, { type: FieldType; values: string[] }> = {
  entiers: { type: 'int', values: ['12', ' 12 ', '+5', '-7', '0', '1 234', '1\u00a0234 567', '12\u202f000'] },
  decimaux_point: { type: 'double', values: ['3.5', ' -0.25', '3.5e-3', '1E10', '+2', '7'] },
  decimaux_virgule: { type: 'double', values: ['3,5', ' -0,25 ', '1 234,56', '12\u00a0000,5', '8'] },
  booleens: { type: 'boolean', values: ['oui', 'NON', ' Vrai ', 'faux', 'TRUE', 'false'] },
  dates_iso: { type: 'date', values: ['2021-02-03', ' 2024-12-31 ', '1999-01-01'] },
  dates_fr: { type: 'date', values: ['03/02/2021', ' 31/12/2024', '01/01/1999 '] },
  horodatages: { type: 'datetime', values: ['2021-02-03T10:00:00+01:00', '2021-02-03 10:00', ' 2024-06-30T23:59:59.123Z ', '2021-02-03T10:00:00+0200'] },
  points_texte: { type: 'geo_point_2d', values: ['47.2184, -1.5536', ' 47.2;-1.5 ', '-21.1,55.5'] },
  points_geojson: { type: 'geo_point_2d', values: ['{"type": "Point", "coordinates": [-1.55, 47.21]}', ' {"type":"Point","coordinates":[2,48]}'] },
  points_lonlat: { type: 'geo_point_2d', values: ['{"lon": -1.55, "lat": 47.21}', ' {"lat": 48, "lon": 2}'] },
  points_wkt: { type: 'geo_point_2d', values: ['POINT (-1.55 47.21)', 'point(2 48)', 'SRID=4326;Point (3 45)', ' POINT(1e-1 4.5E1)'] },
  points_wkt_z: { type: 'geo_point_2d', values: ['POINT Z (-1.55 47.21 12)', 'point z(2 48 0)'] },
  formes_geojson: { type: 'geo_shape', values: ['{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}', ' {"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}'] },
  formes_wkt: { type: 'geo_shape', values: ['LINESTRING (0 0, 1 1)', 'multipolygon(((0 0,1 0,1 1,0 0)))', 'SRID=4326;POLYGON((0 0,1 0,1 1,0 0))'] },
  formes_wkt_collection: { type: 'geo_shape', values: ['GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))', 'POINT Z (1 2 3)'] },
  libelles: { type: 'text', values: ['Rue de la Paix', '12 bis', '2021-02-30x'] },
};

describe('typing keeps every type DuckDB’s test gives, whatever the spelling', () => {
  let engine: DataEngine;
  before(async () => {
    engine = await openDataEngine();
  });
  after(() => engine?.close());

  test('each column comes out as the type all its values have', async () => {
    const names = Object.keys(COLUMNS);
    const rows = Math.max(...names.map((name) => COLUMNS[name]?.values.length ?? 0));
    const typed = await engine.withConnection(async (connection) => {
      await connection.run(`create temp table staging (${names.map((name) => `${sqlIdentifier(name)} varchar`).join(', ')})`);
      // Each column's values in turn, a short column padded with nulls (a null fits every type).
      for (let row = 0; row < rows; row += 1) {
        const values = names.map((name) => COLUMNS[name]?.values[row] ?? null);
        await connection.run(`insert into staging values (${names.map((_, i) => `$${i + 1}`).join(', ')})`, values);
      }
      return inferColumns(connection, 'staging', names.map((name) => ({ name, label: name })));
    });
    const types = Object.fromEntries(typed.map((column) => [column.name, toField(column).type]));
    const expected = Object.fromEntries(names.map((name) => [name, COLUMNS[name]?.type]));
    assert.deepEqual(types, expected);
  });
});
