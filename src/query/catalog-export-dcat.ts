// The catalog as a DCAT-AP 2 graph (ODS Explore v2.1 §2.9, §10: E5c), shaped for data.gouv.fr's
// DCAT harvester: one dcat:Catalog, each dataset a dcat:Dataset, each record-export format of a
// dataset a dcat:Distribution whose download URL is that export on the portal the caller asked
// on. The datasets given are those the caller may see, already chosen: nothing here widens them.
import type { Dataset } from '../catalog/index.js';
import { shippedSchemas } from '../schema/index.js';
import { EXPORT_FORMATS, type ExportFormat } from './exports.js';
import { blank, dateTime, iri, literal, term, typed, type RdfNode, type Triple } from './catalog-export-graph.js';

/** The portal the catalog is read on. */
export interface CatalogSite {
  /** Scheme, host and portal prefix as the caller used them: `https://data.example.fr`, `http://h/portals/nantes`. */
  root: string;
  title: string;
  /** The organisation that runs the portal (the catalog's dct:publisher): its id and name. */
  publisher: { id: string | null; name: string };
}

export interface DcatOptions {
  /** `include_exports`: the record-export formats listed as distributions, in this order. */
  formats: readonly ExportFormat[];
  /** `use_labels_in_exports`: download URLs ask for the fields' labels as column names. */
  useLabels: boolean;
}

const API = '/api/explore/v2.1';

/**
 * The formats any dataset can be written in. The others (geojson, kml, gpx, shp…) need a geometry
 * and answer a dataset without one with a 400: they are listed only for datasets with a geo field,
 * and so is a format added later until it is named here, so that no distribution is a broken link.
 */
const ANY_DATASET_FORMATS: readonly string[] = ['csv', 'json', 'jsonl', 'parquet', 'xlsx'];
/** The formats where `use_labels` changes the file (docs/api.md "Exports"). */
const LABELLED_FORMATS: readonly string[] = ['csv', 'xlsx', 'parquet', 'kml', 'gpx'];

// DCAT-AP 2: dct:format from the EU file-type authority table, dcat:mediaType from IANA's register
// (data.gouv.fr reads both namespaces). JSON Lines has no EU code and it and GPX no IANA type: a
// labelled dct:format, and no dcat:mediaType rather than an invented one. A format missing here
// gets its name as a label.
const EU_FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
const IANA = 'https://www.iana.org/assignments/media-types/';
interface FileType {
  euCode?: string;
  label: string;
  iana: boolean;
}
const FILE_TYPES: Partial<Record<ExportFormat, FileType>> = {
  csv: { euCode: 'CSV', label: 'CSV', iana: true },
  json: { euCode: 'JSON', label: 'JSON', iana: true },
  jsonl: { label: 'JSONL', iana: false },
  geojson: { euCode: 'GEOJSON', label: 'GeoJSON', iana: true },
  parquet: { euCode: 'PARQUET', label: 'Parquet', iana: true },
  xlsx: { euCode: 'XLSX', label: 'XLSX', iana: true },
  kml: { euCode: 'KML', label: 'KML', iana: true },
  gpx: { euCode: 'GPX', label: 'GPX', iana: false },
  // A zip of the shapefile's parts (application/zip, IANA's).
  shp: { euCode: 'SHP', label: 'Shapefile', iana: true },
};

// DCAT-AP 2 dct:accrualPeriodicity: the EU frequency authority table. Our frequency is free text
// (the publisher's words, French or English): the usual words map, anything else is left out.
const EU_FREQUENCY = 'http://publications.europa.eu/resource/authority/frequency/';
const FREQUENCIES: [RegExp, string][] = [
  [/^(temps r[ée]el|en continu|continu(e|ous)?|real[- ]?time)$/, 'UPDATE_CONT'],
  [/^(horaire|toutes les heures|hourly)$/, 'HOURLY'],
  [/^(quotidien(ne)?|journali[eè]re?|tous les jours|daily)$/, 'DAILY'],
  [/^(hebdomadaire|toutes les semaines|weekly)$/, 'WEEKLY'],
  [/^(bimensuel(le)?|tous les quinze jours|biweekly|fortnightly)$/, 'BIWEEKLY'],
  [/^(mensuel(le)?|tous les mois|monthly)$/, 'MONTHLY'],
  [/^(trimestriel(le)?|quarterly)$/, 'QUARTERLY'],
  [/^(semestriel(le)?|semiannual|semi-annual)$/, 'ANNUAL_2'],
  [/^(annuel(le)?|tous les ans|annual|yearly)$/, 'ANNUAL'],
  [/^(irr[ée]guli[eè]re?|irregular)$/, 'IRREG'],
  [/^(ponctuel(le)?|au besoin|as needed)$/, 'AS_NEEDED'],
  [/^(aucune|jamais|never)$/, 'NEVER'],
];

// dct:language: the EU language authority table, for the languages a French portal meets.
const EU_LANGUAGE = 'http://publications.europa.eu/resource/authority/language/';
const LANGUAGES: Record<string, string> = { fr: 'FRA', en: 'ENG', de: 'DEU', es: 'SPA', it: 'ITA', br: 'BRE', oc: 'OCI', eu: 'EUS', ca: 'CAT', co: 'COS' };

export function frequencyIri(text: string | null): string | undefined {
  const words = text?.trim().toLowerCase();
  if (!words) return undefined;
  const code = FREQUENCIES.find(([pattern]) => pattern.test(words))?.[1];
  return code ? `${EU_FREQUENCY}${code}` : undefined;
}

/** A BCP 47 tag a literal may carry, or none. */
function languageTag(language: string): string | undefined {
  return /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(language) ? language : undefined;
}

/** The formats listed for a dataset: those asked for that its records can be written in. */
export function distributionFormats(dataset: Dataset, formats: readonly ExportFormat[]): ExportFormat[] {
  const fields = dataset.live?.fields ?? [];
  const geometry = fields.some((f) => f.type === 'geo_point_2d' || f.type === 'geo_shape');
  return formats.filter((format) => geometry || ANY_DATASET_FORMATS.includes(format));
}

export function landingPage(site: CatalogSite, datasetId: string): string {
  return `${site.root}/explore/dataset/${encodeURIComponent(datasetId)}/`;
}

/** The DCAT-AP graph of these datasets, in the order given. */
export function dcatGraph(datasets: readonly Dataset[], site: CatalogSite, options: DcatOptions): Triple[] {
  const triples: Triple[] = [];
  const add = (subject: RdfNode, predicate: Parameters<typeof term>[0], object: Triple['object']) => triples.push({ subject, predicate: term(predicate), object });
  let blanks = 0;
  const fresh = (): RdfNode => blank(`n${++blanks}`);
  const describedLicenses = new Set<string>();

  const catalog = iri(`${site.root}${API}/catalog/exports/dcat`);
  add(catalog, 'rdf:type', iri(term('dcat:Catalog')));
  add(catalog, 'dct:title', literal(site.title));
  add(catalog, 'dct:description', literal(`Catalogue des jeux de données de ${site.title}`, 'fr'));
  add(catalog, 'foaf:homepage', iri(`${site.root}/`));
  // One agent per organisation, however many datasets it publishes (and the catalog's, when it publishes some).
  const agents = new Map<string, RdfNode>();
  const agentOf = (owner: { id: string | null; name: string }): RdfNode => {
    const known = owner.id === null ? undefined : agents.get(owner.id);
    if (known) return known;
    const agent = fresh();
    if (owner.id !== null) agents.set(owner.id, agent);
    add(agent, 'rdf:type', iri(term('foaf:Agent')));
    add(agent, 'foaf:name', literal(owner.name));
    return agent;
  };
  add(catalog, 'dct:publisher', agentOf(site.publisher));
  const latest = datasets.map((d) => d.modifiedAt).sort().at(-1);
  if (latest) add(catalog, 'dct:modified', dateTime(new Date(latest)));

  for (const dataset of datasets) {
    const m = dataset.metas;
    const lang = languageTag(m.language);
    const api = `${site.root}${API}/catalog/datasets/${encodeURIComponent(dataset.datasetId)}`;
    const node = iri(api);
    add(catalog, 'dcat:dataset', node);
    add(node, 'rdf:type', iri(term('dcat:Dataset')));
    add(node, 'dct:identifier', literal(dataset.datasetId));
    add(node, 'dct:title', literal(dataset.title, lang));
    if (dataset.description.trim()) add(node, 'dct:description', literal(dataset.description, lang));
    for (const keyword of m.keywords) add(node, 'dcat:keyword', literal(keyword, lang));
    // DCAT-AP: a theme is a skos:Concept; ours are the publisher's words, its label.
    for (const theme of m.themes) {
      const concept = fresh();
      add(node, 'dcat:theme', concept);
      add(concept, 'rdf:type', iri(term('skos:Concept')));
      add(concept, 'skos:prefLabel', literal(theme, lang));
    }
    add(node, 'dct:publisher', agentOf(dataset.owner));
    const license = licenseNode(m.license, m.licenseUrl);
    if (license) add(node, 'dct:license', license);
    add(node, 'dct:issued', dateTime(new Date(dataset.createdAt)));
    add(node, 'dct:modified', dateTime(new Date(dataset.modifiedAt)));
    add(node, 'dcat:landingPage', iri(landingPage(site, dataset.datasetId)));
    const language = LANGUAGES[m.language];
    if (language) add(node, 'dct:language', iri(`${EU_LANGUAGE}${language}`));
    if (m.spatialCoverage?.trim()) {
      // A named place (dct:Location); data.gouv.fr reads only geometries there and skips the name.
      const place = fresh();
      add(node, 'dct:spatial', place);
      add(place, 'rdf:type', iri(term('dct:Location')));
      add(place, 'skos:prefLabel', literal(m.spatialCoverage.trim(), lang));
    }
    const period = temporal(m.temporalCoverage);
    if (period) {
      const time = fresh();
      add(node, 'dct:temporal', time);
      add(time, 'rdf:type', iri(term('dct:PeriodOfTime')));
      if (period.start) add(time, 'dcat:startDate', typed(period.start, term('xsd:date')));
      if (period.end) add(time, 'dcat:endDate', typed(period.end, term('xsd:date')));
    }
    const frequency = frequencyIri(m.frequency);
    if (frequency) add(node, 'dct:accrualPeriodicity', iri(frequency));
    const conformsTo = conformsToIri(dataset);
    if (conformsTo) add(node, 'dct:conformsTo', iri(conformsTo));
    const contact = contactNode(m.contact);
    if (contact) {
      const card = fresh();
      add(node, 'dcat:contactPoint', card);
      add(card, 'rdf:type', iri(term('vcard:Kind')));
      add(card, 'vcard:fn', literal(contact.name ?? dataset.owner.name));
      if (contact.email) add(card, 'vcard:hasEmail', iri(`mailto:${contact.email}`));
      if (contact.url) add(card, 'vcard:hasURL', iri(contact.url));
    }

    const updated = dateTime(new Date(dataset.dataUpdatedAt ?? dataset.modifiedAt));
    for (const format of distributionFormats(dataset, options.formats)) {
      const file = FILE_TYPES[format] ?? { label: format.toUpperCase(), iana: false };
      const exportUrl = `${api}/exports/${format}`;
      const download = options.useLabels && LABELLED_FORMATS.includes(format) ? `${exportUrl}?use_labels=true` : exportUrl;
      const distribution = iri(exportUrl);
      add(node, 'dcat:distribution', distribution);
      add(distribution, 'rdf:type', iri(term('dcat:Distribution')));
      add(distribution, 'dct:identifier', literal(`${dataset.datasetId}/${format}`));
      add(distribution, 'dct:title', literal(`Export au format ${file.label}`, 'fr'));
      add(distribution, 'dcat:accessURL', iri(download));
      add(distribution, 'dcat:downloadURL', iri(download));
      if (file.euCode) add(distribution, 'dct:format', iri(`${EU_FILE_TYPE}${file.euCode}`));
      else {
        const extent = fresh();
        add(distribution, 'dct:format', extent);
        add(extent, 'rdf:type', iri(term('dct:MediaTypeOrExtent')));
        add(extent, 'rdfs:label', literal(file.label));
      }
      if (file.iana) add(distribution, 'dcat:mediaType', iri(`${IANA}${EXPORT_FORMATS[format].mimetype.split(';')[0] ?? ''}`));
      if (license) add(distribution, 'dct:license', license);
      add(distribution, 'dct:modified', updated);
    }
  }
  return triples;

  /** The licence as a dct:LicenseDocument: its URL when there is one, its name as rdfs:label. */
  function licenseNode(name: string, url: string | null): RdfNode | undefined {
    if (!name.trim() && !url) return undefined;
    const node = url && isHttpUrl(url) ? iri(url) : fresh();
    // A licence URL is described once, however many datasets carry it.
    if (node.kind === 'iri' && describedLicenses.has(node.value)) return node;
    describedLicenses.add(node.value);
    add(node, 'rdf:type', iri(term('dct:LicenseDocument')));
    if (name.trim()) add(node, 'rdfs:label', literal(name.trim()));
    return node;
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `2020-01-01/2024-12-31`, `2020-01-01/`, `/2024-12-31` (ISO 8601 intervals, as data.gouv.fr writes them) or a year. */
function temporal(text: string | null): { start?: string; end?: string } | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (/^\d{4}$/.test(value)) return { start: `${value}-01-01`, end: `${value}-12-31` };
  const [start = '', end = '', ...rest] = value.split('/').map((s) => s.trim());
  if (rest.length > 0 || (!start && !end)) return undefined;
  if ((start && !date.test(start)) || (end && !date.test(end))) return undefined;
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/** The contact as written: an e-mail address, a URL, or a name with an address in angle brackets. */
function contactNode(text: string | null): { name?: string; email?: string; url?: string } | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const email = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
  if (email.test(value)) return { email: value };
  if (isHttpUrl(value)) return { url: value };
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  if (named?.[2] && email.test(named[2])) return { name: named[1]?.trim() || undefined, email: named[2] };
  return { name: value };
}

/**
 * DCAT-AP dct:conformsTo: the published address of the Table Schema the live version was validated
 * against without error (data.gouv.fr reads it to tie a resource to its schema); else a schema URL
 * written by hand in the metadata.
 */
function conformsToIri(dataset: Dataset): string | null {
  const conforming = dataset.live?.conformsTo?.split('@')[0];
  const address = conforming ? shippedSchemas().find((entry) => entry.name === conforming)?.homepage : null;
  if (address) return address;
  return dataset.metas.schema && isHttpUrl(dataset.metas.schema) ? dataset.metas.schema : null;
}
