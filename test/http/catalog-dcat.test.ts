// The catalog as a harvester reads it (ODS Explore v2.1 §2.9, E5c, §10): DCAT-AP in RDF/XML
// (`dcat`, `rdf`) and Turtle (`ttl`), RSS 2.0, and the XLSX table. Turtle is read by n3's parser,
// RDF/XML and RSS by a strict XML parser; the RDF/XML's triples must be the Turtle's, so that a
// harvester gets the same graph whichever it asks for.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { Parser, Store, type Quad } from 'n3';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { EXPORT_FORMATS } from '../../src/query/index.js';
import { iri, literal, toRdfXml, toTurtle, type Triple } from '../../src/query/catalog-export-graph.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';
import { publishCommunesTest } from '../helpers/communes-test.js';

const CATALOG = '/api/explore/v2.1/catalog';
const HOST = 'http://localhost:80';
const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};
const TRICKY_TITLE = 'Qualité de l\'air <"station"> & co\nligne 2 \\ fin';

/**
 * communes-test (public, Région): a point → geographic formats listed too.
 * ecoles-nantes (public, Nantes Métropole): frequency, coverage, contact, period.
 * qualite-air (public, Région): a title with every character the two syntaxes escape.
 * arbres-communes (restricted), budget-brouillon (private): never shown to an anonymous caller.
 */
async function publishCatalog(setup: TestApp): Promise<void> {
  const { platform } = setup.t;
  await createNantesPortal(platform);
  await publishCommunesTest(platform);
  const publish = (datasetId: string, csv: string, more: Parameters<typeof publishCsv>[3]) => publishCsv(platform, datasetId, csv, more);
  await publish('ecoles-nantes', 'uai;nom;effectif\n0440001A;École Aristide Briand;212\n', {
    title: 'Écoles publiques de Nantes',
    description: 'Liste des écoles maternelles et élémentaires',
    organisation: 'nantes-metropole',
    metas: { themes: ['Éducation'], keywords: ['école', 'enseignement'], frequency: 'Mensuelle', spatialCoverage: 'Nantes Métropole', contact: 'Données <donnees@nantesmetropole.fr>', temporalCoverage: '2020-01-01/2024-12-31' },
  });
  await publish('qualite-air', 'date;no2\n2024-01-01;21.5\n', { title: TRICKY_TITLE, metas: { themes: ['Environnement'], keywords: ['air'] } });
  await publish('arbres-communes', 'espece\nChêne\n', { title: 'Arbres des communes', visibility: 'restricted' });
  await publish('budget-brouillon', 'poste;montant\nVoirie;1200\n', { title: 'Budget des communes (brouillon)', visibility: 'private' });
}

const PUBLIC = ['communes-test', 'ecoles-nantes', 'qualite-air'];
const EVERY = ['arbres-communes', 'budget-brouillon', 'communes-test', 'ecoles-nantes', 'qualite-air'];

/** A term as text: blank nodes by their label in the file (n3 prefixes its own: `b0_n1` → `_:n1`). */
function termText(term: Quad['object']): string {
  if (term.termType === 'BlankNode') return `_:${term.value.replace(/^b\d+_/, '')}`;
  if (term.termType === 'Literal') return `"${term.value}"${term.language ? `@${term.language}` : term.datatype.value === `${NS.xsd}string` ? '' : `^^${term.datatype.value}`}`;
  return `<${term.value}>`;
}
const tripleText = (q: Quad) => `${termText(q.subject)} <${q.predicate.value}> ${termText(q.object)}`;

/**
 * The triples of an RDF/XML file in the form our writer uses (RDF 1.1 XML Syntax: node elements
 * under rdf:RDF, property elements with rdf:resource, rdf:nodeID or text); the XML must be
 * well-formed and namespace-correct, or saxes throws.
 */
function rdfXmlTriples(xml: string): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const triples: string[] = [];
  const stack: { subject?: string; predicate?: string; object?: string; datatype?: string; lang?: string; text: string }[] = [];
  const attr = (tag: SaxesTagNS, uri: string, local: string) => Object.values(tag.attributes).find((a) => a.uri === uri && a.local === local)?.value;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const depth = stack.length;
    if (depth === 0) assert.equal(`${tag.uri}${tag.local}`, `${NS.rdf}RDF`);
    if (depth === 1) {
      const about = attr(tag, NS.rdf, 'about');
      const subject = about !== undefined ? `<${about}>` : `_:${attr(tag, NS.rdf, 'nodeID')}`;
      if (`${tag.uri}${tag.local}` !== `${NS.rdf}Description`) triples.push(`${subject} <${NS.rdf}type> <${tag.uri}${tag.local}>`);
      stack.push({ subject, text: '' });
      return;
    }
    if (depth === 2) {
      const resource = attr(tag, NS.rdf, 'resource');
      const node = attr(tag, NS.rdf, 'nodeID');
      const object = resource !== undefined ? `<${resource}>` : node !== undefined ? `_:${node}` : undefined;
      stack.push({ predicate: `${tag.uri}${tag.local}`, object, datatype: attr(tag, NS.rdf, 'datatype'), lang: attr(tag, 'http://www.w3.org/XML/1998/namespace', 'lang'), text: '' });
      return;
    }
    stack.push({ text: '' });
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (stack.length !== 2 || !element?.predicate) return;
    const subject = stack[1]?.subject;
    const object = element.object ?? `"${element.text}"${element.lang ? `@${element.lang}` : element.datatype ? `^^${element.datatype}` : ''}`;
    triples.push(`${subject} <${element.predicate}> ${object}`);
  });
  parser.write(xml).close();
  return triples;
}

describe('catalog exports for harvesters: DCAT-AP, Turtle, RSS, XLSX', () => {
  let setup: TestApp;

  before(async () => {
    setup = await testApp();
    await publishCatalog(setup);
  });
  after(async () => setup?.dispose());

  async function get(path: string, params: Record<string, string> = {}, as: 'anonymous' | 'operator' = 'anonymous') {
    const search = new URLSearchParams(params).toString();
    return setup.app.inject({ url: `${path}${search ? `?${search}` : ''}`, headers: as === 'operator' ? setup.headers : {} });
  }
  async function turtle(prefix = '', params: Record<string, string> = {}, as: 'anonymous' | 'operator' = 'anonymous'): Promise<Store> {
    const response = await get(`${prefix}${CATALOG}/exports/ttl`, params, as);
    assert.equal(response.statusCode, 200, response.body);
    return new Store(new Parser().parse(response.body));
  }
  /** The one object of a subject (an IRI, or a term: a blank node) and a predicate. */
  const one = (store: Store, subject: string | Quad['object'], predicate: string) => {
    const objects = store.getObjects(subject, predicate, null);
    assert.equal(objects.length, 1, `${typeof subject === 'string' ? subject : subject.value} ${predicate}: ${objects.map((o) => o.value).join(', ')}`);
    return objects[0] as Quad['object'];
  };
  const datasetIds = (store: Store) => store.getSubjects(`${NS.rdf}type`, `${NS.dcat}Dataset`, null).map((d) => one(store, d.value, `${NS.dct}identifier`).value).sort();
  const datasetNode = (id: string, prefix = '') => `${HOST}${prefix}${CATALOG}/datasets/${id}`;
  const distributions = (store: Store, id: string, prefix = '') => store.getObjects(datasetNode(id, prefix), `${NS.dcat}distribution`, null).map((d) => d.value).sort();

  test('dcat is RDF/XML of one dcat:Catalog holding only what an anonymous caller may see; the operator sees all', async () => {
    const anonymous = await get(`${CATALOG}/exports/dcat`);
    assert.equal(anonymous.statusCode, 200);
    assert.equal(anonymous.headers['content-type'], 'application/rdf+xml; charset=utf-8');
    assert.equal(anonymous.headers['content-disposition'], 'attachment; filename="catalog.rdf"');
    const triples = rdfXmlTriples(anonymous.body);
    const catalogs = triples.filter((t) => t.endsWith(`<${NS.rdf}type> <${NS.dcat}Catalog>`));
    assert.deepEqual(catalogs, [`<${HOST}${CATALOG}/exports/dcat> <${NS.rdf}type> <${NS.dcat}Catalog>`]);
    const ids = triples.filter((t) => t.includes(`> <${NS.dct}identifier> "`) && t.startsWith(`<${HOST}${CATALOG}/datasets/`) && !t.includes('/exports/')).map((t) => /"(.*)"$/.exec(t)?.[1]);
    assert.deepEqual(ids.sort(), PUBLIC);
    for (const hidden of ['arbres-communes', 'budget-brouillon', 'Budget des communes', 'Arbres des communes']) assert.ok(!anonymous.body.includes(hidden), hidden);
    assert.equal(anonymous.headers['cache-control'], 'no-cache');

    const operator = await get(`${CATALOG}/exports/dcat`, {}, 'operator');
    assert.equal(operator.headers['cache-control'], 'private, no-cache');
    assert.ok(operator.body.includes('Budget des communes (brouillon)'));
    assert.deepEqual(datasetIds(await turtle('', {}, 'operator')), EVERY);
    assert.deepEqual(datasetIds(await turtle()), PUBLIC);
  });

  test('rdf and dcat are the same file; the Turtle holds exactly the RDF/XML triples', async () => {
    const dcat = (await get(`${CATALOG}/exports/dcat`)).body;
    const rdf = await get(`${CATALOG}/exports/rdf`);
    assert.equal(rdf.headers['content-type'], 'application/rdf+xml; charset=utf-8');
    assert.equal(rdf.body, dcat);
    const ttl = await get(`${CATALOG}/exports/ttl`);
    assert.equal(ttl.headers['content-type'], 'text/turtle; charset=utf-8');
    const fromTurtle = new Parser().parse(ttl.body).map(tripleText).sort();
    assert.deepEqual(rdfXmlTriples(dcat).sort(), fromTurtle);
    assert.ok(fromTurtle.length > 50);
  });

  test('each dataset: identifier, title, dates, landing page, publisher, keywords, themes; escapes survive both syntaxes', async () => {
    const store = await turtle();
    const ecoles = datasetNode('ecoles-nantes');
    assert.equal(one(store, ecoles, `${NS.dct}title`).value, 'Écoles publiques de Nantes');
    assert.equal(one(store, ecoles, `${NS.dct}description`).value, 'Liste des écoles maternelles et élémentaires');
    assert.equal(one(store, ecoles, `${NS.dcat}landingPage`).value, `${HOST}/explore/dataset/ecoles-nantes/`);
    for (const date of ['issued', 'modified']) {
      const literal = one(store, ecoles, `${NS.dct}${date}`) as Quad['object'] & { datatype: { value: string } };
      assert.equal(literal.datatype.value, `${NS.xsd}dateTime`);
      assert.ok(Math.abs(Date.parse(literal.value) - Date.now()) < 10 * 60_000, literal.value);
    }
    assert.deepEqual(store.getObjects(ecoles, `${NS.dcat}keyword`, null).map((k) => k.value).sort(), ['enseignement', 'école']);
    const theme = one(store, ecoles, `${NS.dcat}theme`);
    assert.equal(one(store, theme, `${NS.skos}prefLabel`).value, 'Éducation');
    const publisher = one(store, ecoles, `${NS.dct}publisher`);
    assert.equal(one(store, publisher, `${NS.rdf}type`).value, `${NS.foaf}Agent`);
    assert.equal(one(store, publisher, `${NS.foaf}name`).value, 'Nantes Métropole');
    assert.equal(one(store, ecoles, `${NS.dct}license`).value, 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/');
    // What data.gouv.fr maps: frequency (EU table), temporal coverage, contact point; the place by name.
    assert.equal(one(store, ecoles, `${NS.dct}accrualPeriodicity`).value, 'http://publications.europa.eu/resource/authority/frequency/MONTHLY');
    const period = one(store, ecoles, `${NS.dct}temporal`);
    assert.equal(one(store, period, `${NS.dcat}startDate`).value, '2020-01-01');
    assert.equal(one(store, period, `${NS.dcat}endDate`).value, '2024-12-31');
    const card = one(store, ecoles, `${NS.dcat}contactPoint`);
    assert.equal(one(store, card, `${NS.vcard}hasEmail`).value, 'mailto:donnees@nantesmetropole.fr');
    assert.equal(one(store, card, `${NS.vcard}fn`).value, 'Données');
    assert.equal(one(store, one(store, ecoles, `${NS.dct}spatial`), `${NS.skos}prefLabel`).value, 'Nantes Métropole');
    // Without a known frequency or coverage, nothing is invented.
    assert.equal(store.getObjects(datasetNode('communes-test'), `${NS.dct}accrualPeriodicity`, null).length, 0);
    assert.equal(store.getObjects(datasetNode('communes-test'), `${NS.dct}spatial`, null).length, 0);
    // The title with quotes, angle brackets, an ampersand, a newline and a backslash, read back intact.
    assert.equal(one(store, datasetNode('qualite-air'), `${NS.dct}title`).value, TRICKY_TITLE);
    const xml = rdfXmlTriples((await get(`${CATALOG}/exports/dcat`)).body);
    assert.ok(xml.includes(`<${datasetNode('qualite-air')}> <${NS.dct}title> "${TRICKY_TITLE}"@fr`));
  });

  test('one distribution per record-export format, geographic ones only with a geometry; include_exports and use_labels_in_exports', async () => {
    const store = await turtle();
    const base = (id: string) => `${datasetNode(id)}/exports`;
    // Every record-export format for a dataset with a point; none that needs a geometry for one without.
    assert.deepEqual(distributions(store, 'communes-test'), Object.keys(EXPORT_FORMATS).sort().map((f) => `${base('communes-test')}/${f}`));
    assert.deepEqual(distributions(store, 'ecoles-nantes'), ['csv', 'json', 'jsonl', 'parquet', 'xlsx'].map((f) => `${base('ecoles-nantes')}/${f}`));
    const csv = `${base('ecoles-nantes')}/csv`;
    assert.equal(one(store, csv, `${NS.rdf}type`).value, `${NS.dcat}Distribution`);
    assert.equal(one(store, csv, `${NS.dcat}downloadURL`).value, `${csv}?use_labels=true`);
    assert.equal(one(store, csv, `${NS.dcat}accessURL`).value, `${csv}?use_labels=true`);
    assert.equal(one(store, csv, `${NS.dct}format`).value, 'http://publications.europa.eu/resource/authority/file-type/CSV');
    assert.equal(one(store, csv, `${NS.dcat}mediaType`).value, 'https://www.iana.org/assignments/media-types/text/csv');
    // JSON has no labels to use: its URL stays bare.
    assert.equal(one(store, `${base('ecoles-nantes')}/json`, `${NS.dcat}downloadURL`).value, `${base('ecoles-nantes')}/json`);

    const narrowed = await turtle('', { include_exports: 'csv, geojson', use_labels_in_exports: 'false' });
    assert.deepEqual(distributions(narrowed, 'communes-test'), [`${base('communes-test')}/csv`, `${base('communes-test')}/geojson`]);
    assert.deepEqual(distributions(narrowed, 'ecoles-nantes'), [csv]);
    assert.equal(one(narrowed, csv, `${NS.dcat}downloadURL`).value, csv);
    assert.deepEqual(distributions(await turtle('', { include_exports: '' }), 'ecoles-nantes'), []);

    const unknown = await get(`${CATALOG}/exports/dcat`, { include_exports: 'csv,pdf' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().code, 'EXPORT_FORMAT_UNKNOWN');
    assert.deepEqual(unknown.json().location, { parameter: 'include_exports' });
    assert.equal((await get(`${CATALOG}/exports/dcat`, { use_labels_in_exports: 'yes' })).statusCode, 400);
  });

  test('the download URL a harvester follows answers with the file', async () => {
    const store = await turtle();
    const url = new URL(one(store, `${datasetNode('ecoles-nantes')}/exports/csv`, `${NS.dcat}downloadURL`).value);
    const file = await setup.app.inject({ url: `${url.pathname}${url.search}` });
    assert.equal(file.statusCode, 200);
    assert.ok(file.body.startsWith('\ufeffuai;nom;effectif\r\n'), file.body.slice(0, 40));
  });

  test('on /portals/{slug}/: that portal’s datasets, every URL keeping the prefix', async () => {
    const prefix = '/portals/nantes';
    const store = await turtle(prefix);
    assert.deepEqual(datasetIds(store), ['ecoles-nantes']);
    assert.equal(store.getSubjects(`${NS.rdf}type`, `${NS.dcat}Catalog`, null)[0]?.value, `${HOST}${prefix}${CATALOG}/exports/dcat`);
    const node = datasetNode('ecoles-nantes', prefix);
    assert.equal(one(store, node, `${NS.dcat}landingPage`).value, `${HOST}${prefix}/explore/dataset/ecoles-nantes/`);
    const download = one(store, `${node}/exports/csv`, `${NS.dcat}downloadURL`).value;
    assert.equal(download, `${HOST}${prefix}${CATALOG}/datasets/ecoles-nantes/exports/csv?use_labels=true`);
    const url = new URL(download);
    assert.equal((await setup.app.inject({ url: `${url.pathname}${url.search}` })).statusCode, 200);
    const catalog = store.getSubjects(`${NS.rdf}type`, `${NS.dcat}Catalog`, null)[0]?.value ?? '';
    assert.equal(one(store, catalog, `${NS.dct}title`).value, 'Nantes Métropole');
  });

  test('the catalog query chooses the datasets; select, group_by and the dcat_ap_* profiles are refused', async () => {
    assert.deepEqual(datasetIds(await turtle('', { refine: 'theme:Éducation' })), ['ecoles-nantes']);
    assert.deepEqual(datasetIds(await turtle('', { where: 'records_count >= 50' })), ['communes-test']);
    // docs/api.md: how one organisation's datasets are harvested from the regional portal.
    assert.deepEqual(datasetIds(await turtle('', { refine: 'publisher:Nantes Métropole' })), ['ecoles-nantes']);
    const selected = await get(`${CATALOG}/exports/dcat`, { select: 'title' });
    assert.equal(selected.statusCode, 400);
    assert.equal(selected.json().code, 'EXPORT_PARAMETER_NOT_APPLICABLE');
    assert.equal((await get(`${CATALOG}/exports/ttl`, { group_by: 'theme' })).statusCode, 400);
    const profile = await get(`${CATALOG}/exports/dcat_ap_ch`);
    assert.equal(profile.statusCode, 400);
    assert.equal(profile.json().code, 'EXPORT_FORMAT_UNKNOWN');
    const gzipped = await get(`${CATALOG}/exports/ttl`, { compressed: 'true' });
    assert.equal(gzipped.headers['content-type'], 'application/gzip');
    assert.equal(gzipped.headers['content-disposition'], 'attachment; filename="catalog.ttl.gz"');
    assert.deepEqual(datasetIds(new Store(new Parser().parse(gunzipSync(gzipped.rawPayload).toString('utf8')))), PUBLIC);
  });

  test('the catalog and the datasets of the organisation behind the portal share one foaf:Agent', async () => {
    const store = await turtle();
    const catalog = store.getSubjects(`${NS.rdf}type`, `${NS.dcat}Catalog`, null)[0]?.value ?? '';
    const agent = one(store, catalog, `${NS.dct}publisher`);
    assert.equal(one(store, agent, `${NS.foaf}name`).value, 'Région');
    assert.deepEqual(one(store, datasetNode('communes-test'), `${NS.dct}publisher`), agent);
    assert.notDeepEqual(one(store, datasetNode('ecoles-nantes'), `${NS.dct}publisher`), agent);
  });

  test('writers: a character XML cannot hold becomes U+FFFD in RDF/XML, an escape in Turtle; an IRI is percent-encoded in both', () => {
    const triples: Triple[] = [{ subject: iri('http://example.org/d?a=1&b=<2>'), predicate: `${NS.dct}title`, object: literal('bip\u0007 \r\n fin') }];
    assert.deepEqual(rdfXmlTriples(toRdfXml(triples)), ['<http://example.org/d?a=1&b=%3C2%3E> <http://purl.org/dc/terms/title> "bip\ufffd \r\n fin"']);
    const [quad] = new Parser().parse(toTurtle(triples));
    assert.equal(quad?.subject.value, 'http://example.org/d?a=1&b=%3C2%3E');
    assert.equal(quad?.object.value, 'bip\u0007 \r\n fin');
  });

  test('E4 lists the new formats', async () => {
    const links = (await get(`${CATALOG}/exports`)).json().links as { rel: string; href: string }[];
    for (const format of ['xlsx', 'dcat', 'rdf', 'ttl', 'rss']) assert.ok(links.some((l) => l.rel === format && l.href === `${HOST}${CATALOG}/exports/${format}`), format);
  });

  test('rss: well-formed RSS 2.0, one item per visible dataset, links to the portal pages', async () => {
    const response = await get(`${CATALOG}/exports/rss`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/rss+xml; charset=utf-8');
    const parser = new SaxesParser({ xmlns: true });
    const items: Record<string, string>[] = [];
    let current: Record<string, string> | undefined;
    let text = '';
    parser.on('error', (error) => {
      throw error;
    });
    parser.on('opentag', (tag) => {
      if (tag.local === 'item') current = {};
      text = '';
    });
    parser.on('text', (t) => (text += t));
    parser.on('closetag', (tag) => {
      if (tag.local === 'item' && current) items.push(current);
      else if (current) current[tag.name] = text;
    });
    parser.write(response.body).close();
    assert.deepEqual(items.map((i) => /dataset\/([^/]+)\//.exec(i.link ?? '')?.[1]).sort(), PUBLIC);
    const air = items.find((i) => i.title === TRICKY_TITLE);
    assert.equal(air?.link, `${HOST}/explore/dataset/qualite-air/`);
    assert.ok(!Number.isNaN(Date.parse(air?.pubDate ?? '')));
    assert.ok(!response.body.includes('brouillon'));
  });

  test('xlsx: one row per visible dataset, the catalog CSV’s columns', async () => {
    const read = async (as: 'anonymous' | 'operator') => {
      const response = await get(`${CATALOG}/exports/xlsx`, {}, as);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-disposition'], 'attachment; filename="catalog.xlsx"');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      workbook.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const csvHeader = (await get(`${CATALOG}/exports/csv`, { with_bom: 'false' })).body.split('\r\n')[0]?.split(';');
    const anonymous = await read('anonymous');
    assert.deepEqual(anonymous[0], csvHeader);
    const idColumn = (anonymous[0] ?? []).indexOf('datasetid');
    assert.deepEqual(anonymous.slice(1).map((r) => r[idColumn]).sort(), PUBLIC);
    const operator = await read('operator');
    assert.deepEqual(operator.slice(1).map((r) => r[idColumn]).sort(), EVERY);
    const titleColumn = (anonymous[0] ?? []).indexOf('default.title');
    assert.ok(anonymous.some((r) => r[titleColumn] === TRICKY_TITLE));
  });
});
