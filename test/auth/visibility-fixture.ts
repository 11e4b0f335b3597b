// The fixture of the visibility matrix: one organisation (Ville-Matrice) owning three small
// datasets, one per visibility, and every kind of caller the rules tell apart. Each dataset
// carries a word found nowhere else (its marker) in its title, theme and records, so that any
// answer that names it — a title, a facet value, a record, a feed entry — shows it leaked.
import { createApiKey, createSession, datasetScope, PLATFORM, SESSION_COOKIE } from '../../src/auth/index.js';
import { createOrganisation, createPortal, grantDataset, setDatasetAlias, insertUser, setMembership, topOrganisation, type Role } from '../../src/catalog/index.js';
import { attachFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import type { TestBackend } from '../helpers/backends.js';
import { publishCsv } from '../helpers/catalog.js';
import { writeTemporaryFile } from '../helpers/platform.js';

export type Visibility = 'public' | 'restricted' | 'private';

export interface MatrixDataset {
  id: string;
  visibility: Visibility;
  /** The word that names this dataset and nothing else. */
  marker: string;
  /** Filled in by the fixture. */
  uid: string;
  recordId: string;
  attachmentId: string;
  jobId: string;
  /** Another id of the dataset on the region's portal (a migrated OpenDataSoft id). */
  alias: string;
}

/** Two records each: the counts a caller sees are 2 × the datasets it sees. */
export const RECORDS_PER_DATASET = 2;
/** A keyword every dataset has: its facet count is the number of datasets seen. */
export const SHARED_KEYWORD = 'matrice';
export const OWNER = { slug: 'ville-matrice', name: 'Ville-Matrice' };

export const DATASETS: MatrixDataset[] = [
  { id: 'vm-ouvert', visibility: 'public', marker: 'Tournesol', uid: '', recordId: '', attachmentId: '', jobId: '', alias: '' },
  { id: 'vm-partage', visibility: 'restricted', marker: 'Coquelicot', uid: '', recordId: '', attachmentId: '', jobId: '', alias: '' },
  { id: 'vm-brouillon', visibility: 'private', marker: 'Pissenlit', uid: '', recordId: '', attachmentId: '', jobId: '', alias: '' },
];

const ALL: readonly Visibility[] = ['public', 'restricted', 'private'];

/**
 * The callers the rules tell apart: the visibilities of the owner's datasets each one sees,
 * whether it is signed in (the management API answers 401 otherwise), whether it edits the
 * owner's datasets (only then does it follow their jobs), whether it came with a session cookie
 * (the back office, /espace, wants one) and whether it belongs to the owner.
 */
export const CALLERS = [
  { name: 'anonymous', sees: ['public'], signedIn: false, edits: false, session: false, ofOwner: false },
  { name: 'user of another organisation (user key)', sees: ['public'], signedIn: true, edits: false, session: false, ofOwner: false },
  { name: 'user of another organisation (session)', sees: ['public'], signedIn: true, edits: false, session: true, ofOwner: false },
  { name: 'key granted the restricted dataset', sees: ['public', 'restricted'], signedIn: true, edits: false, session: false, ofOwner: false },
  { name: 'viewer of the owner (user key)', sees: ALL, signedIn: true, edits: false, session: false, ofOwner: true },
  { name: 'viewer of the owner (session)', sees: ALL, signedIn: true, edits: false, session: true, ofOwner: true },
  { name: 'editor of the owner (user key)', sees: ALL, signedIn: true, edits: true, session: false, ofOwner: true },
  { name: 'editor of the owner (session)', sees: ALL, signedIn: true, edits: true, session: true, ofOwner: true },
  { name: 'operator key', sees: ALL, signedIn: true, edits: true, session: false, ofOwner: false },
  { name: 'platform administrator (user key, admin scope)', sees: ALL, signedIn: true, edits: true, session: false, ofOwner: false },
  { name: 'platform administrator (session)', sees: ALL, signedIn: true, edits: true, session: true, ofOwner: false },
] as const satisfies readonly MatrixCaller[];

export interface MatrixCaller {
  name: string;
  sees: readonly Visibility[];
  signedIn: boolean;
  edits: boolean;
  session: boolean;
  ofOwner: boolean;
}

export type CallerName = (typeof CALLERS)[number]['name'];

export interface MatrixFixture {
  setup: TestApp;
  /** The request headers of each caller. */
  headers: Record<CallerName, Record<string, string>>;
}

export async function matrixFixture(backend: TestBackend): Promise<MatrixFixture> {
  const setup = await testApp({ backend });
  const { db } = setup.t.platform;
  const platform = setup.t.platform;
  const region = await topOrganisation(db);
  // The region's portal shows every organisation's datasets: the web pages need a portal.
  const portal = await createPortal(db, { slug: 'region', title: 'Région Test', hostnames: [], scope: null, isDefault: true });
  const owner = await createOrganisation(db, { name: OWNER.name, slug: OWNER.slug, kind: 'commune', parentId: region?.id ?? null });
  const other = await createOrganisation(db, { name: 'Ville-Voisine', slug: 'ville-voisine', kind: 'commune', parentId: region?.id ?? null });

  for (const dataset of DATASETS) {
    const m = dataset.marker;
    // A point of each record makes every geographic export answer too.
    const csv = `nom,categorie,geo_point_2d\n${m} un,${m}-a,"47.2184, -1.5536"\n${m} deux,${m}-b,"47.2735, -2.2138"\n`;
    const result = await publishCsv(platform, dataset.id, csv, {
      title: `Inventaire ${m}`,
      description: `Les emplacements ${m} de la ville.`,
      organisation: OWNER.slug,
      visibility: dataset.visibility,
      metas: { themes: [`Thème ${m}`], keywords: [SHARED_KEYWORD, m.toLowerCase()] },
    });
    dataset.uid = result.dataset.uid;
    // The publication's job: the jobs API must show only those of the datasets the caller sees.
    dataset.jobId = result.jobId;
    const attachment = await attachFile(platform, dataset.id, writeTemporaryFile(`notice-${m}.txt`, `Notice ${m}\n`), `notice-${m}.txt`);
    dataset.attachmentId = attachment.id;
    dataset.alias = (await setDatasetAlias(db, { ...datasetScope(PLATFORM, null), portal }, `ancien-${dataset.id}`, dataset.id)).alias;
  }
  // Each record's id (ODS §2.6) as the operator reads it from a record's own link.
  for (const dataset of DATASETS) {
    const page = await setup.app.inject({ url: `/api/explore/v2.1/catalog/datasets/${dataset.id}/records?include_links=true&limit=1`, headers: setup.headers });
    const self = (page.json() as { results: { _links: { rel: string; href: string }[] }[] }).results[0]?._links.find((l) => l.rel === 'self')?.href ?? '';
    dataset.recordId = self.split('/').at(-1) ?? '';
  }

  const userKey = async (email: string, options: { role?: Role; organisationId?: string; platformAdmin?: boolean; scopes: ('read' | 'publish' | 'admin')[] }) => {
    const user = await insertUser(db, { email, name: email, platformAdmin: options.platformAdmin });
    if (options.role && options.organisationId) await setMembership(db, user.id, options.organisationId, options.role);
    const key = await createApiKey(db, { name: email, userId: user.id, scopes: options.scopes });
    const session = await createSession(db, user.id, null);
    return { keyId: key.id, headers: { authorization: `Apikey ${key.key}` }, session: { cookie: `${SESSION_COOKIE}=${session.token}` } };
  };
  const neighbour = await userKey('voisin@example.org', { role: 'viewer', organisationId: other.id, scopes: ['read'] });
  // A partner with no membership: its key alone is granted the restricted dataset.
  const partner = await userKey('partenaire@example.org', { scopes: ['read'] });
  const restricted = DATASETS.find((d) => d.visibility === 'restricted');
  if (restricted) await grantDataset(db, restricted.uid, { kind: 'key', id: partner.keyId });
  const member = await userKey('membre@example.org', { role: 'viewer', organisationId: owner.id, scopes: ['read'] });
  const editor = await userKey('editeur@example.org', { role: 'editor', organisationId: owner.id, scopes: ['read', 'publish'] });
  const admin = await userKey('admin@example.org', { platformAdmin: true, scopes: ['admin'] });

  const headers: MatrixFixture['headers'] = {
    anonymous: {},
    'user of another organisation (user key)': neighbour.headers,
    'user of another organisation (session)': neighbour.session,
    'key granted the restricted dataset': partner.headers,
    'viewer of the owner (user key)': member.headers,
    'viewer of the owner (session)': member.session,
    'editor of the owner (user key)': editor.headers,
    'editor of the owner (session)': editor.session,
    'operator key': setup.headers,
    'platform administrator (user key, admin scope)': admin.headers,
    'platform administrator (session)': admin.session,
  };
  return { setup, headers };
}
