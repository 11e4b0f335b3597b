// The `communes-test` dataset of the Explore conformance cases (ODS Explore v2.1 §8), published
// from test/fixtures/communes-test.csv with its field annotations; and the fixture's rows read
// directly from the CSV, so that a test can work out what an answer must hold without our API.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { publishFile } from '../../src/ingest/index.js';
import type { Platform } from '../../src/platform.js';

export const COMMUNES_TEST_FILE = new URL('../fixtures/communes-test.csv', import.meta.url).pathname;

export const COMMUNES_TEST_STEPS = [
  { op: 'annotate', field: 'code_insee', annotations: { facet: true } },
  { op: 'annotate', field: 'nom', annotations: { sortable: true } },
  { op: 'annotate', field: 'departement', annotations: { facet: true, disjunctive: true } },
  { op: 'annotate', field: 'date_maj', annotations: { facet: true } },
  { op: 'annotate', field: 'tags', annotations: { multivalued: ';' } },
];

export async function publishCommunesTest(platform: Platform): Promise<void> {
  await publishFile(platform, { file: COMMUNES_TEST_FILE, datasetId: 'communes-test', title: 'Communes de test', steps: COMMUNES_TEST_STEPS }, platform.publishOptions);
}

export interface FixtureCommune {
  code_insee: string;
  nom: string;
  departement: string;
  population: number | null;
  superficie: number;
  date_maj: string;
  created_at: string;
  tags: string[];
  littoral: boolean;
  lat: number;
  lon: number;
}

/** The fixture's rows, as a person reading the CSV would take them. */
export function fixtureCommunes(): FixtureCommune[] {
  const rows = parse(fs.readFileSync(COMMUNES_TEST_FILE), { columns: true }) as Record<string, string>[];
  return rows.map((row) => {
    const [lat, lon] = (row.geo_point_2d ?? '').split(',').map(Number);
    return {
      code_insee: row.code_insee ?? '',
      nom: row.nom ?? '',
      departement: row.departement ?? '',
      population: row.population ? Number(row.population) : null,
      superficie: Number(row.superficie),
      date_maj: row.date_maj ?? '',
      created_at: row.created_at ?? '',
      tags: (row.tags ?? '').split(';'),
      littoral: row.littoral === 'true',
      lat: lat ?? NaN,
      lon: lon ?? NaN,
    };
  });
}
