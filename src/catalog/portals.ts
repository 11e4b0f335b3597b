// Portals: white-label sites, each showing one organisation and those below it, or everyone's
// data (the regional portal). Resolved from the Host header, or from /portals/{slug}/ locally.
import { AppError } from '../errors.js';
import type { CatalogDb } from './database.js';
import { checkMarkdownLength, portalHasDatasetId } from './datasets.js';
import { checkSlug, nowIso, randomId } from './ids.js';
import type { OrganisationRow, PortalRow } from './schema.js';

export interface PortalTheme {
  primaryColor: string;
  logoUrl: string | null;
}

/** RGAA's three statuses, as the footer of a French public site must state one. */
export const ACCESSIBILITY_STATUSES = ['non', 'partiel', 'total'] as const;
export type AccessibilityStatus = (typeof ACCESSIBILITY_STATUSES)[number];

/** The pages a French public site must have, in Markdown; empty: the platform's default text. */
export interface PortalPages {
  legalNotice: string;
  privacy: string;
  accessibility: string;
  accessibilityStatus: AccessibilityStatus;
}

const DEFAULT_PAGES: PortalPages = { legalNotice: '', privacy: '', accessibility: '', accessibilityStatus: 'partiel' };

export interface Portal {
  id: string;
  slug: string;
  title: string;
  theme: PortalTheme;
  homeText: string;
  hostnames: string[];
  isDefault: boolean;
  /** The organisation whose datasets, and its descendants', the portal shows; null: everyone's. */
  scope: { organisationId: string; name: string; path: string } | null;
  pages: PortalPages;
  /** Dataset ids the home page shows first (those the caller may see). */
  featured: string[];
}

export interface NewPortal {
  slug: string;
  title: string;
  hostnames: string[];
  scope: OrganisationRow | null;
  homeText?: string;
  theme?: Partial<PortalTheme>;
  isDefault?: boolean;
  pages?: Partial<PortalPages>;
  featured?: string[];
}

const DEFAULT_THEME: PortalTheme = { primaryColor: '#000091', logoUrl: null };

export async function createPortal(db: CatalogDb, input: NewPortal): Promise<Portal> {
  checkSlug(input.slug, 'slug');
  checkMarkdownLength('home_text', input.homeText ?? '');
  const color = input.theme?.primaryColor;
  if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(color)) {
    throw new AppError('INVALID_FIELD', { field: 'primaryColor', value: color, expected: 'a colour written #RRGGBB', expected_fr: 'une couleur écrite #RRVVBB' }, { field: 'primaryColor' });
  }
  const id = randomId();
  const hostnames = input.hostnames.map(normaliseHostname);
  if (await db.selectFrom('portals').select('id').where('slug', '=', input.slug).executeTakeFirst()) {
    throw new AppError('ALREADY_EXISTS', { what: 'portal', what_fr: 'Le portail', value: input.slug });
  }
  const claimed = hostnames.length ? await db.selectFrom('portal_hostnames').select('hostname').where('hostname', 'in', hostnames).executeTakeFirst() : undefined;
  if (claimed) throw new AppError('ALREADY_EXISTS', { what: 'portal for the host', what_fr: 'Le portail pour l’hôte', value: claimed.hostname });
  await db.transaction().execute(async (trx) => {
    if (input.isDefault) await trx.updateTable('portals').set({ is_default: 0 }).execute();
    await trx
      .insertInto('portals')
      .values({
        id,
        slug: input.slug,
        title: input.title,
        theme: JSON.stringify({ ...DEFAULT_THEME, ...input.theme }),
        home_text: input.homeText ?? '',
        scope_organisation_id: input.scope?.id ?? null,
        is_default: input.isDefault ? 1 : 0,
        created_at: nowIso(),
        pages: JSON.stringify({ ...DEFAULT_PAGES, ...input.pages }),
        featured: JSON.stringify(input.featured ?? []),
      })
      .execute();
    for (const hostname of hostnames) await trx.insertInto('portal_hostnames').values({ hostname, portal_id: id }).execute();
  });
  return getPortalBySlug(db, input.slug);
}

/** `Data.Example.fr:3000` → `data.example.fr`; `[::1]:3000` → `::1`. */
export function normaliseHostname(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(1, lower.indexOf(']'));
  return lower.replace(/:\d+$/, '').replace(/\.$/, '');
}

/** The portal claiming this host, else the default portal; undefined only on a platform with no portal. */
export async function resolvePortalByHost(db: CatalogDb, host: string | undefined): Promise<Portal | undefined> {
  const hostname = host ? normaliseHostname(host) : '';
  const claimed = hostname
    ? await db.selectFrom('portal_hostnames').select('portal_id').where('hostname', '=', hostname).executeTakeFirst()
    : undefined;
  const row = claimed
    ? await db.selectFrom('portals').selectAll().where('id', '=', claimed.portal_id).executeTakeFirst()
    : await db.selectFrom('portals').selectAll().where('is_default', '=', 1).executeTakeFirst();
  return row ? toPortal(db, row) : undefined;
}

export async function findPortalBySlug(db: CatalogDb, slug: string): Promise<Portal | undefined> {
  const row = await db.selectFrom('portals').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toPortal(db, row) : undefined;
}

export async function getPortalBySlug(db: CatalogDb, slug: string): Promise<Portal> {
  const portal = await findPortalBySlug(db, slug);
  if (!portal) throw new AppError('PORTAL_NOT_FOUND', { portal: slug });
  return portal;
}

export async function listPortals(db: CatalogDb): Promise<Portal[]> {
  const rows = await db.selectFrom('portals').selectAll().orderBy('is_default', 'desc').orderBy('slug').execute();
  return Promise.all(rows.map((row) => toPortal(db, row)));
}

async function toPortal(db: CatalogDb, row: PortalRow): Promise<Portal> {
  const hostnames = await db.selectFrom('portal_hostnames').select('hostname').where('portal_id', '=', row.id).orderBy('hostname').execute();
  const scopeOrganisation = row.scope_organisation_id
    ? await db.selectFrom('organisations').select(['id', 'name', 'path']).where('id', '=', row.scope_organisation_id).executeTakeFirst()
    : undefined;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    theme: { ...DEFAULT_THEME, ...(JSON.parse(row.theme) as Partial<PortalTheme>) },
    homeText: row.home_text,
    hostnames: hostnames.map((h) => h.hostname),
    isDefault: row.is_default === 1,
    scope: scopeOrganisation ? { organisationId: scopeOrganisation.id, name: scopeOrganisation.name, path: scopeOrganisation.path } : null,
    pages: { ...DEFAULT_PAGES, ...(JSON.parse(row.pages) as Partial<PortalPages>) },
    featured: JSON.parse(row.featured) as string[],
  };
}

/** What an operator may change on a portal; what is left out stays. */
export interface PortalChanges {
  title?: string;
  homeText?: string;
  theme?: Partial<PortalTheme>;
  pages?: Partial<PortalPages>;
  /** Dataset ids, each of a dataset the portal shows. */
  featured?: string[];
}

/**
 * Changes a portal and returns it. Errors name the fields as the management API and the CLI write
 * them (`primary_color`, `logo_url`, `accessibility_status`…), since that is where the value came from.
 */
export async function updatePortal(db: CatalogDb, slug: string, changes: PortalChanges): Promise<Portal> {
  const portal = await getPortalBySlug(db, slug);
  if (changes.title !== undefined && changes.title.trim() === '') {
    throw new AppError('INVALID_FIELD', { field: 'title', value: '""', expected: 'a title', expected_fr: 'un titre' }, { field: 'title' });
  }
  const color = changes.theme?.primaryColor;
  if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(color)) {
    throw new AppError('INVALID_FIELD', { field: 'primary_color', value: color, expected: 'a colour written #RRGGBB', expected_fr: 'une couleur écrite #RRVVBB' }, { field: 'primary_color' });
  }
  const logo = changes.theme?.logoUrl;
  // The logo is an <img src>: an https:// address or a path on this site; no http:// (mixed
  // content), no `//host` (another site without saying so), no `javascript:` or `data:`.
  if (logo !== undefined && logo !== null && !/^(https:\/\/[^\s/]+|\/(?!\/))\S*$/.test(logo)) {
    throw new AppError('INVALID_FIELD', { field: 'logo_url', value: logo, expected: 'an https:// address or a path starting with /', expected_fr: 'une adresse https:// ou un chemin commençant par /' }, { field: 'logo_url' });
  }
  if (changes.homeText !== undefined) checkMarkdownLength('home_text', changes.homeText);
  for (const [key, field] of [['legalNotice', 'legal_notice'], ['privacy', 'privacy'], ['accessibility', 'accessibility']] as const) {
    const text = changes.pages?.[key];
    if (text !== undefined) checkMarkdownLength(field, text);
  }
  const status = changes.pages?.accessibilityStatus;
  if (status !== undefined && !(ACCESSIBILITY_STATUSES as readonly string[]).includes(status)) {
    throw new AppError('INVALID_FIELD', { field: 'accessibility_status', value: status, expected: ACCESSIBILITY_STATUSES.join(', ') }, { field: 'accessibility_status' });
  }
  for (const datasetId of changes.featured ?? []) {
    if (!(await portalHasDatasetId(db, portal, datasetId))) {
      throw new AppError('INVALID_FIELD', { field: 'featured', value: datasetId, expected: 'the id of a dataset of this portal', expected_fr: 'l’identifiant d’un jeu de données de ce portail' }, { field: 'featured' });
    }
  }
  const set: Partial<PortalRow> = {};
  if (changes.title !== undefined) set.title = changes.title.trim();
  if (changes.homeText !== undefined) set.home_text = changes.homeText;
  if (changes.theme !== undefined) set.theme = JSON.stringify({ ...portal.theme, ...changes.theme });
  if (changes.pages !== undefined) set.pages = JSON.stringify({ ...portal.pages, ...changes.pages });
  if (changes.featured !== undefined) set.featured = JSON.stringify([...new Set(changes.featured)]);
  if (Object.keys(set).length > 0) await db.updateTable('portals').set(set).where('id', '=', portal.id).execute();
  return getPortalBySlug(db, slug);
}
