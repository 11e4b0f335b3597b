// An RDF graph as plain data (subjects, predicates, objects) and its two serialisations: Turtle
// (RDF 1.1 Turtle) and RDF/XML (RDF 1.1 XML Syntax). The catalog's DCAT export builds the graph
// once (catalog-export-dcat.ts); `dcat`, `rdf` and `ttl` only choose the writer. Writing both
// ourselves keeps every escape in view: an IRI, a title or a keyword never breaks the file.
import { xmlEscape } from './xml-escape.js';

export type RdfNode = { kind: 'iri'; value: string } | { kind: 'blank'; value: string };
export type RdfLiteral = { kind: 'literal'; value: string; datatype?: string; lang?: string };
export type RdfTerm = RdfNode | RdfLiteral;

export interface Triple {
  subject: RdfNode;
  /** An absolute IRI, in one of PREFIXES' namespaces (RDF/XML can only write those). */
  predicate: string;
  object: RdfTerm;
}

export const PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
} as const;

type Prefix = keyof typeof PREFIXES;

// term() runs for every triple of a catalog of thousands of datasets: each name is split once.
const TERMS = new Map<string, string>();

/** `dct:title` → its IRI. */
export function term(prefixed: `${Prefix}:${string}`): string {
  let value = TERMS.get(prefixed);
  if (value === undefined) {
    const [prefix, local] = prefixed.split(':') as [Prefix, string];
    value = `${PREFIXES[prefix]}${local}`;
    TERMS.set(prefixed, value);
  }
  return value;
}

export const iri = (value: string): RdfNode => ({ kind: 'iri', value });
export const blank = (value: string): RdfNode => ({ kind: 'blank', value });
export const literal = (value: string, lang?: string): RdfLiteral => (lang ? { kind: 'literal', value, lang } : { kind: 'literal', value });
export const typed = (value: string, datatype: string): RdfLiteral => ({ kind: 'literal', value, datatype });
/** An instant as xsd:dateTime, in UTC. */
export const dateTime = (date: Date): RdfLiteral => typed(date.toISOString(), term('xsd:dateTime'));

const RDF_TYPE = term('rdf:type');

/** The triples grouped by subject, subjects in the order they first appear. */
function bySubject(triples: readonly Triple[]): { subject: RdfNode; triples: Triple[] }[] {
  const groups: { subject: RdfNode; triples: Triple[] }[] = [];
  const seen = { iri: new Map<string, Triple[]>(), blank: new Map<string, Triple[]>() };
  for (const triple of triples) {
    const known = seen[triple.subject.kind];
    let own = known.get(triple.subject.value);
    if (!own) {
      own = [];
      known.set(triple.subject.value, own);
      groups.push({ subject: triple.subject, triples: own });
    }
    own.push(triple);
  }
  return groups;
}

/**
 * An IRI holds no space, control, <>"{}|^`\ (RFC 3987; Turtle cannot even escape them): both
 * writers percent-encode them, so that the two files name the same resource.
 */
function cleanIri(value: string): string {
  return value.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => encodeURIComponent(c));
}

/** The prefix and local name of an IRI, when the local name is a safe name in both syntaxes. */
const NAMESPACES = Object.entries(PREFIXES) as [Prefix, string][];
// A subset of Turtle's PN_LOCAL that is also an XML NCName.
const LOCAL_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function split(value: string): { prefix: Prefix; local: string } | undefined {
  for (const [prefix, namespace] of NAMESPACES) {
    if (!value.startsWith(namespace)) continue;
    const local = value.slice(namespace.length);
    if (LOCAL_NAME.test(local)) return { prefix, local };
  }
  return undefined;
}

// ---- Turtle (RDF 1.1 Turtle §6.4: escapes in strings) ----

function turtleIri(value: string): string {
  const name = split(value);
  return name ? `${name.prefix}:${name.local}` : `<${cleanIri(value)}>`;
}

function turtleString(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t\u0000-\u001f\u007f]/g, (c) => {
    const short: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return short[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

function turtleTerm(t: RdfTerm): string {
  if (t.kind === 'iri') return turtleIri(t.value);
  if (t.kind === 'blank') return `_:${t.value}`;
  if (t.lang) return `${turtleString(t.value)}@${t.lang}`;
  return t.datatype ? `${turtleString(t.value)}^^${turtleIri(t.datatype)}` : turtleString(t.value);
}

/** The Turtle file in pieces of about 64 kB, to stream: a catalog of thousands of datasets is tens of megabytes. */
export function* turtleChunks(triples: readonly Triple[]): Generator<string> {
  yield* batched(
    (function* () {
      yield `${NAMESPACES.map(([prefix, namespace]) => `@prefix ${prefix}: <${namespace}> .`).join('\n')}\n`;
      for (const { subject, triples: own } of bySubject(triples)) {
        const statements = own.map((t) => `${t.predicate === RDF_TYPE ? 'a' : turtleIri(t.predicate)} ${turtleTerm(t.object)}`);
        yield `\n${turtleTerm(subject)}\n    ${statements.join(' ;\n    ')} .\n`;
      }
    })(),
  );
}

export function toTurtle(triples: readonly Triple[]): string {
  return [...turtleChunks(triples)].join('');
}

// ---- RDF/XML (RDF 1.1 XML Syntax §2: node elements, property elements, rdf:resource, rdf:nodeID) ----

function qname(value: string): string {
  const name = split(value);
  // Only our own vocabulary reaches here: a predicate outside PREFIXES is a programming error.
  if (!name) throw new Error(`RDF/XML cannot write the predicate ${value}`);
  return `${name.prefix}:${name.local}`;
}

function xmlNode(node: RdfNode): string {
  return node.kind === 'iri' ? `rdf:about="${xmlEscape(cleanIri(node.value))}"` : `rdf:nodeID="${xmlEscape(node.value)}"`;
}

function xmlProperty(t: Triple): string {
  const name = qname(t.predicate);
  const o = t.object;
  if (o.kind === 'iri') return `<${name} rdf:resource="${xmlEscape(cleanIri(o.value))}"/>`;
  if (o.kind === 'blank') return `<${name} rdf:nodeID="${xmlEscape(o.value)}"/>`;
  const attribute = o.lang ? ` xml:lang="${xmlEscape(o.lang)}"` : o.datatype ? ` rdf:datatype="${xmlEscape(cleanIri(o.datatype))}"` : '';
  return `<${name}${attribute}>${xmlEscape(o.value)}</${name}>`;
}

/** The RDF/XML file in pieces of about 64 kB, to stream. */
export function* rdfXmlChunks(triples: readonly Triple[]): Generator<string> {
  yield* batched(
    (function* () {
      const namespaces = NAMESPACES.map(([prefix, namespace]) => `xmlns:${prefix}="${namespace}"`);
      yield `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF ${namespaces.join('\n         ')}>\n`;
      for (const { subject, triples: own } of bySubject(triples)) {
        // A typed node element (`<dcat:Dataset rdf:about=…>`) for the first type, as harvesters read most easily.
        const type = own.find((t) => t.predicate === RDF_TYPE && t.object.kind === 'iri' && split(t.object.value));
        const element = type ? qname(type.object.value) : 'rdf:Description';
        let text = `  <${element} ${xmlNode(subject)}>\n`;
        for (const t of own) if (t !== type) text += `    ${xmlProperty(t)}\n`;
        yield `${text}  </${element}>\n`;
      }
      yield '</rdf:RDF>\n';
    })(),
  );
}

export function toRdfXml(triples: readonly Triple[]): string {
  return [...rdfXmlChunks(triples)].join('');
}

/** Small pieces joined into pieces of at least `size` characters. */
function* batched(pieces: Iterable<string>, size = 65_536): Generator<string> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}
