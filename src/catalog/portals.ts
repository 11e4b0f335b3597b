// Portals: white-label sites, each showing one organisation and those below it, or everyone's
// data (the regional portal). Resolved from the Host header, or from /portals/{slug}/ locally.
import { AppError } from '../errors.js';
import type { CatalogDb } from './database.js';
import { checkSlug, nowIso, randomId } from './ids.js';
import type { OrganisationRow, PortalRow } from './schema.js';

export interface PortalTheme {
  primaryColor: string;
  logoUrl: string | null;
}

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
}

export interface NewPortal {
  slug: string;
  title: string;
  hostnames: string[];
  scope: OrganisationRow | null;
  homeText?: string;
  theme?: Partial<PortalTheme>;
  isDefault?: boolean;
}

const DEFAULT_THEME: PortalTheme = { primaryColor: '#000091', logoUrl: null };

export async function createPortal(db: CatalogDb, input: NewPortal): Promise<Portal> {
  checkSlug(input.slug, 'slug');
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
  };
}
