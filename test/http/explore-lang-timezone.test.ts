// `timezone` and `lang` on the Explore API (ODS Explore v2.1 §3, §5.5 date_format, §6.4, and the
// smoke checks after §8), on communes-test. Expected values come from the fixture CSV, turned into
// a zone's wall time by the JavaScript Intl API here: never from our own output.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../helpers/app.js';
import { fixtureCommunes } from '../helpers/communes-test.js';
import { publishCommunesTest } from '../helpers/communes-test.js';

const DATASET = '/api/explore/v2.1/catalog/datasets/communes-test';
type Row = Record<string, unknown>;

/** A fixture instant as a clock in `zone` shows it: its parts and its offset (`+02:00`). */
function inZone(iso: string, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number; offset: string } {
  const date = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'longOffset' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second), offset };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO text of a fixture instant in `zone`, as isoformat() writes it. */
function isoIn(iso: string, zone: string): string {
  const p = inZone(iso, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.offset}`;
}

describe('Explore: timezone and lang', () => {
  let setup: TestApp;
  let app: FastifyInstance;
  const communes = fixtureCommunes();
  const nantes = communes.find((c) => c.nom === 'Nantes');
  const newYear = communes.find((c) => c.created_at.startsWith('2024-01-01T'));

  before(async () => {
    setup = await testApp();
    app = setup.app;
    await publishCommunesTest(setup.t.platform);
  });
  after(async () => setup?.dispose());

  async function get(path: string, params: Record<string, string>): Promise<{ status: number; body: Row & { results: Row[] }; text: string }> {
    const response = await app.inject(`${DATASET}${path}?${new URLSearchParams(params).toString()}`);
    return { status: response.statusCode, body: response.headers['content-type']?.toString().includes('json') ? response.json() : ({} as never), text: response.body };
  }
  const records = (params: Record<string, string>) => get('/records', { limit: '100', ...params });

  test('the fixture has what these cases need', () => {
    assert.equal(nantes?.created_at, '2024-05-10T11:30:00+01:00');
    assert.equal(nantes?.date_maj, '2024-05-10');
    assert.equal(newYear?.created_at, '2024-01-01T08:30:00+01:00');
  });

  test('datetimes come in UTC by default, and with the offset of the zone asked for', async () => {
    const where = 'nom = "Nantes"';
    const utc = await records({ where, select: 'created_at' });
    assert.deepEqual(utc.body.results, [{ created_at: '2024-05-10T10:30:00+00:00' }]);
    const paris = await records({ where, select: 'nom, created_at', timezone: 'Europe/Paris' });
    assert.deepEqual(paris.body.results, [{ nom: 'Nantes', created_at: '2024-05-10T12:30:00+02:00' }], 'summer time in Paris: +02:00');
    const winter = await records({ where: 'created_at < date\'2024-01-01\'', select: 'created_at', timezone: 'Europe/Paris', order_by: 'created_at desc', limit: '1' });
    assert.deepEqual(winter.body.results, [{ created_at: '2023-12-27T17:30:00+01:00' }], 'winter time in Paris: +01:00');
    const newYork = await records({ where, select: 'created_at', timezone: 'America/New_York' });
    assert.deepEqual(newYork.body.results, [{ created_at: '2024-05-10T06:30:00-04:00' }]);
  });

  test('every record in a zone: each datetime is the fixture instant with that zone’s offset', async () => {
    for (const zone of ['Europe/Paris', 'Asia/Kolkata', 'America/Los_Angeles']) {
      const { status, body } = await records({ select: 'code_insee, created_at', timezone: zone });
      assert.equal(status, 200);
      const expected = new Map(communes.map((c) => [c.code_insee, isoIn(c.created_at, zone)]));
      for (const row of body.results) assert.equal(row.created_at, expected.get(String(row.code_insee)), `${zone} ${String(row.code_insee)}`);
      assert.equal(body.results.length, communes.length);
    }
    // Without select, the plain page honours the zone too.
    const plain = await records({ timezone: 'Europe/Paris', where: '', limit: '10' });
    for (const row of plain.body.results) assert.match(String(row.created_at), /\+0[12]:00$/);
  });

  test('an unknown zone is a 400 that names the parameter; zone names are read whatever their case', async () => {
    const bad = await records({ timezone: 'Mars/Olympus' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 'InvalidRESTParameterError');
    assert.equal(bad.body.message, 'Invalid value for timezone API parameter: Mars/Olympus was found but a time zone of the IANA database, such as Europe/Paris or UTC, is expected.');
    assert.ok(String(bad.body.message_fr).includes('timezone'));
    assert.equal((await records({ timezone: '+02:00' })).status, 400);
    const lower = await records({ where: 'nom = "Nantes"', select: 'created_at', timezone: 'europe/paris' });
    assert.deepEqual(lower.body.results, [{ created_at: '2024-05-10T12:30:00+02:00' }]);
  });

  test('year(), hour() and group_by on a datetime are taken in the zone', async () => {
    const hours = await records({ where: 'nom = "Nantes"', select: 'hour(created_at) as h, day(created_at) as d', timezone: 'Asia/Tokyo' });
    assert.deepEqual(hours.body.results, [{ h: 19, d: 10 }], '10:30 UTC is 19:30 in Tokyo');
    for (const zone of ['UTC', 'America/Los_Angeles']) {
      const { body } = await records({ select: 'count(*) as n', group_by: 'year(created_at) as y', timezone: zone });
      const expected = new Map<number, number>();
      for (const c of communes) expected.set(inZone(c.created_at, zone).year, (expected.get(inZone(c.created_at, zone).year) ?? 0) + 1);
      assert.deepEqual(body.results, [...expected].sort((a, b) => a[0] - b[0]).map(([y, n]) => ({ y, n })), zone);
    }
    // 2024-01-01T07:30Z is still 2023 in Los Angeles.
    const shifted = await records({ where: `code_insee = "${newYear?.code_insee}"`, select: 'year(created_at) as y', timezone: 'America/Los_Angeles' });
    assert.deepEqual(shifted.body.results, [{ y: 2023 }]);
  });

  test('a datetime written without an offset is the zone’s; a date beside a datetime starts its day there', async () => {
    const after1230 = communes.filter((c) => new Date(c.created_at).getTime() >= Date.parse('2024-05-10T10:30:00Z')).map((c) => c.nom).sort();
    const { body } = await records({ where: "created_at >= date'2024-05-10T12:30'", select: 'nom', timezone: 'Europe/Paris' });
    assert.deepEqual(body.results.map((r) => r.nom).sort(), after1230);
    // The new year in Los Angeles starts at 08:00 UTC: the 07:30 UTC record is before it.
    const since = await records({ where: `created_at >= date'2024-01-01' and code_insee = "${newYear?.code_insee}"`, select: 'nom', timezone: 'America/Los_Angeles' });
    assert.equal(since.body.results.length, 0);
    const sinceUtc = await records({ where: `created_at >= date'2024-01-01' and code_insee = "${newYear?.code_insee}"`, select: 'nom' });
    assert.equal(sinceUtc.body.results.length, 1);
  });

  test("date_format(): ICU pattern letters, quoted text, names in the language of lang", async () => {
    const where = 'nom = "Nantes"';
    const select = "date_format(date_maj, 'EEEE') as day, date_format(date_maj, 'E') as short, date_format(date_maj, 'EEEE d MMMM yyyy') as long, date_format(date_maj, 'MMM') as mon, date_format(created_at, 'yyyy-MM-dd HH:mm:ss') as at, date_format(date_maj, \"'le' dd/MM/yy\") as quoted, date_format(date_maj, \"dd''MM\") as quote, date_format(date_maj, 'D DDD w e') as numbers";
    const fr = await records({ where, select });
    // 2024-05-10 is a Friday, the 131st day of 2024, in ISO week 19.
    assert.deepEqual(fr.body.results, [{ day: 'vendredi', short: 'ven.', long: 'vendredi 10 mai 2024', mon: 'mai', at: '2024-05-10 10:30:00', quoted: 'le 10/05/24', quote: "10'05", numbers: '131 131 19 5' }], 'French by default');
    const en = await records({ where, select, lang: 'en', timezone: 'Europe/Paris' });
    assert.deepEqual(en.body.results, [{ day: 'Friday', short: 'Fri', long: 'Friday 10 May 2024', mon: 'May', at: '2024-05-10 12:30:00', quoted: 'le 10/05/24', quote: "10'05", numbers: '131 131 19 5' }]);
    const de = await records({ where, select: "date_format(date_maj, 'EEEE, d. MMMM') as d", lang: 'de' });
    assert.deepEqual(de.body.results, [{ d: 'Freitag, 10. Mai' }]);
    const text = await records({ where, select: "date_format(date_maj, 'yyyy') as y, date_format(date_maj, \"dd 'de' MMMM\") as d", lang: 'es' });
    assert.deepEqual(text.body.results, [{ y: '2024', d: '10 de mayo' }]);
  });

  test('date_format() in where and group_by', async () => {
    const fridays = communes.filter((c) => new Date(`${c.date_maj}T00:00:00Z`).getUTCDay() === 5).map((c) => c.nom).sort();
    assert.ok(fridays.length > 0);
    const { body } = await records({ where: "date_format(date_maj, 'EEEE') = \"vendredi\"", select: 'nom' });
    assert.deepEqual(body.results.map((r) => r.nom).sort(), fridays);
    const english = await records({ where: "date_format(date_maj, 'EEEE') = \"Friday\"", select: 'nom', lang: 'en' });
    assert.deepEqual(english.body.results.map((r) => r.nom).sort(), fridays);
    const months = await records({ select: 'count(*) as n', group_by: "date_format(created_at, 'yyyy-MM') as m", timezone: 'America/Los_Angeles' });
    const expected = new Map<string, number>();
    for (const c of communes) {
      const p = inZone(c.created_at, 'America/Los_Angeles');
      const key = `${p.year}-${pad(p.month)}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    assert.deepEqual(months.body.results, [...expected].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([m, n]) => ({ m, n })));
  });

  test('bad lang, bad patterns: 400s that say what', async () => {
    const lang = await records({ lang: 'klingon' });
    assert.equal(lang.status, 400);
    assert.equal(lang.body.message, 'Invalid value for lang API parameter: klingon was found but one of en, fr, nl, pt, it, ar, de, es, ca, eu, sv is expected.');
    assert.equal((await records({ lang: 'fr-FR', select: 'nom', limit: '1' })).status, 200);
    for (const [select, column] of [
      ["date_format(date_maj, 'yyyy-QQ')", 23],
      ['date_format(date_maj, "yyyy \'open")', 23],
      ['date_format(nom, "yyyy")', 1],
      ['date_format(date_maj)', 1],
    ] as const) {
      const { status, body } = await records({ select });
      assert.equal(status, 400, select);
      assert.equal(body.error_code, 'ODSQLError');
      assert.deepEqual(body.location, { parameter: 'select', column }, select);
    }
  });

  test('facets count datetimes in the zone; exports write them with its offset', async () => {
    const facets = await get('/facets', { facet: 'created_at', timezone: 'America/Los_Angeles' });
    assert.equal(facets.status, 200);
    const years = new Map<string, number>();
    for (const c of communes) {
      const year = String(inZone(c.created_at, 'America/Los_Angeles').year);
      years.set(year, (years.get(year) ?? 0) + 1);
    }
    const facet = (facets.body.facets as { name: string; facets: { value: string; count: number }[] }[]).find((f) => f.name === 'created_at');
    assert.deepEqual(new Map(facet?.facets.map((v) => [v.value, v.count])), years);
    // refine on a date path of a datetime: the zone's day.
    const day = await records({ refine: 'created_at:2023/12/31', select: 'code_insee', timezone: 'America/Los_Angeles' });
    const lastDay = communes.filter((c) => isoIn(c.created_at, 'America/Los_Angeles').startsWith('2023-12-31T')).map((c) => c.code_insee);
    assert.ok(lastDay.includes(newYear?.code_insee ?? ''));
    assert.deepEqual(day.body.results.map((r) => r.code_insee).sort(), lastDay.sort());

    const json = await get('/exports/json', { where: 'nom = "Nantes"', select: 'nom, created_at', timezone: 'Europe/Paris' });
    assert.equal(json.status, 200);
    assert.deepEqual(JSON.parse(json.text), [{ nom: 'Nantes', created_at: '2024-05-10T12:30:00+02:00' }]);
    const csv = await get('/exports/csv', { where: 'nom = "Nantes"', select: 'created_at', timezone: 'Asia/Kolkata', with_bom: 'false' });
    assert.equal(csv.text.replace(/\r\n/g, '\n'), 'created_at\n2024-05-10T16:00:00+05:30\n');
  });
});
