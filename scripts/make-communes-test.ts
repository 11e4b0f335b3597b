// Writes test/fixtures/communes-test.csv, the dataset of the Explore conformance tests (ODS Explore
// v2.1 §8): 50 communes of Loire-Atlantique (44) and Vendée (85) with their real INSEE codes, names
// and populations (@etalab/decoupage-administratif), and values we make up, deterministic: surface,
// dates, tags, coast, point (real coordinates for the largest towns, a fixed pseudo-random point
// near the prefecture for the others) and a square shape around the point.
//   node --import tsx scripts/make-communes-test.ts
import fs from 'node:fs';
import { createRequire } from 'node:module';

interface Commune { code: string; nom: string; departement: string; type: string; population?: number }
const communes = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as Commune[];

const KNOWN: Record<string, [number, number]> = {
  '44109': [47.2184, -1.5536], '44184': [47.2735, -2.2138], '85191': [46.6705, -1.426], '44162': [47.2122, -1.6497],
  '85194': [46.4966, -1.7836], '44143': [47.1833, -1.55], '44190': [47.2081, -1.5014], '44114': [47.2711, -1.6225],
  '44215': [47.1687, -1.4697], '44047': [47.2156, -1.7228], '85047': [46.8467, -1.8781],
};
const PREFECTURE: Record<string, [number, number]> = { '44': [47.218, -1.554], '85': [46.67, -1.426] };
const COAST = new Set(['44184', '85194', '44069', '44131', '44132', '85113', '85222', '85060', '44055', '85234']);

/** A number from 0 to 1, fixed for a text. */
function unit(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash / 2 ** 32;
}

const top = (departement: string, n: number) =>
  communes.filter((c) => c.type === 'commune-actuelle' && c.departement === departement).sort((a, b) => (b.population ?? 0) - (a.population ?? 0)).slice(0, n);
const chosen = [...top('44', 30), ...top('85', 20)];
// Three communes whose population is unknown (§8: some rows have population = null).
const UNKNOWN_POPULATION = new Set([chosen[27]?.code, chosen[38]?.code, chosen[49]?.code]);

const quote = (value: string) => (/[",;\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const lines = ['code_insee,nom,departement,population,superficie,date_maj,created_at,tags,littoral,geo_point_2d,geo_shape'];
for (const c of chosen) {
  const [pLat, pLon] = PREFECTURE[c.departement] ?? [0, 0];
  const [lat, lon] = KNOWN[c.code] ?? [pLat + (unit(`${c.code}lat`) - 0.5) * 0.8, pLon + (unit(`${c.code}lon`) - 0.5) * 1.1];
  const r = (x: number) => Math.round(x * 10000) / 10000;
  const d = 0.01;
  const ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]].map(([x, y]) => [r(x!), r(y!)]);
  const year = unit(`${c.code}y`) < 0.6 ? 2024 : 2023;
  const month = 1 + Math.floor(unit(`${c.code}m`) * 12);
  const day = 1 + Math.floor(unit(`${c.code}d`) * 28);
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const tags = [c.departement === '44' ? 'Loire-Atlantique' : 'Vendée', ...(unit(`${c.code}t`) < 0.5 ? ['Loire'] : []), ...(COAST.has(c.code) ? ['Océan'] : [])];
  lines.push([
    c.code, c.nom, c.departement, UNKNOWN_POPULATION.has(c.code) ? '' : String(c.population ?? ''),
    (5 + unit(`${c.code}s`) * 95).toFixed(2), date, `${date}T${String(8 + Math.floor(unit(`${c.code}h`) * 10)).padStart(2, '0')}:30:00+01:00`,
    tags.join(';'), COAST.has(c.code) ? 'true' : 'false', `${r(lat)}, ${r(lon)}`, JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
  ].map(quote).join(','));
}
fs.writeFileSync(new URL('../test/fixtures/communes-test.csv', import.meta.url), `${lines.join('\n')}\n`);
console.error(`test/fixtures/communes-test.csv: ${chosen.length} communes`);
