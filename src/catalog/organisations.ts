// Organisations: the publishers, with their official codes and their place in the mutualisation
// (région → département → EPCI → commune). `path` holds the chain of ids so that "this organisation
// and everything below it" is one prefix test.
import { AppError } from '../errors.js';
import type { CatalogDb } from './database.js';
import { checkSlug, nowIso, randomId, slugify } from './ids.js';
import { ORGANISATION_KINDS, type OrganisationKind, type OrganisationRow } from './schema.js';

export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  slug?: string;
  siren?: string | null;
  cog?: string | null;
  parentId?: string | null;
  population?: number | null;
  /** Lets the parent's administrators and editors manage this organisation's datasets. */
  administeredByParent?: boolean;
}

export async function createOrganisation(db: CatalogDb, input: NewOrganisation): Promise<OrganisationRow> {
  if (!ORGANISATION_KINDS.includes(input.kind)) {
    throw new AppError('INVALID_FIELD', { field: 'kind', value: input.kind, expected: ORGANISATION_KINDS.join(', ') }, { field: 'kind' });
  }
  const parent = input.parentId ? await db.selectFrom('organisations').selectAll().where('id', '=', input.parentId).executeTakeFirst() : undefined;
  if (input.parentId && !parent) throw new AppError('ORGANISATION_NOT_FOUND', { organisation: input.parentId });
  if (input.slug !== undefined) {
    checkSlug(input.slug, 'slug');
    if (await db.selectFrom('organisations').select('id').where('slug', '=', input.slug).executeTakeFirst()) {
      throw new AppError('ALREADY_EXISTS', { what: 'organisation', what_fr: 'L’organisation', value: input.slug });
    }
  }
  const id = randomId();
  const row: OrganisationRow = {
    id,
    slug: input.slug ?? (await freeSlug(db, slugify(input.name) || id, input.cog ?? id)),
    name: input.name,
    kind: input.kind,
    siren: input.siren ?? null,
    cog: input.cog ?? null,
    parent_id: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    population: input.population ?? null,
    created_at: nowIso(),
    administered_by_parent: input.administeredByParent ? 1 : 0,
  };
  await db.insertInto('organisations').values(row).execute();
  return row;
}

/** The name's slug, or the name's slug with the code when another organisation has it already (two communes named Teillé). */
async function freeSlug(db: CatalogDb, base: string, code: string): Promise<string> {
  const taken = await db.selectFrom('organisations').select('id').where('slug', '=', base).executeTakeFirst();
  return taken ? `${base}-${slugify(code)}` : base;
}

/** Finds an organisation by its slug, its SIREN or its code INSEE/COG, in that order. */
export async function findOrganisation(db: CatalogDb, reference: string): Promise<OrganisationRow | undefined> {
  return (
    (await db.selectFrom('organisations').selectAll().where('slug', '=', reference).executeTakeFirst()) ??
    (await db.selectFrom('organisations').selectAll().where('siren', '=', reference).orderBy('path').executeTakeFirst()) ??
    (await db.selectFrom('organisations').selectAll().where('cog', '=', reference).orderBy('path').executeTakeFirst())
  );
}

export async function getOrganisation(db: CatalogDb, reference: string): Promise<OrganisationRow> {
  const organisation = await findOrganisation(db, reference);
  if (!organisation) throw new AppError('ORGANISATION_NOT_FOUND', { organisation: reference });
  return organisation;
}

/**
 * The organisation at the top of the platform (the region that runs it): among those without a
 * parent, the highest kind (région before département…), then the oldest.
 */
export async function topOrganisation(db: CatalogDb): Promise<OrganisationRow | undefined> {
  const roots = await db.selectFrom('organisations').selectAll().where('parent_id', 'is', null).orderBy('created_at').orderBy('id').execute();
  const rank = (row: OrganisationRow) => ORGANISATION_KINDS.indexOf(row.kind);
  return roots.sort((a, b) => rank(a) - rank(b))[0];
}

export interface OrganisationFilter {
  kind?: OrganisationKind;
  /** Only this organisation and those below it. */
  within?: OrganisationRow;
}

export async function listOrganisations(db: CatalogDb, filter: OrganisationFilter = {}): Promise<OrganisationRow[]> {
  let query = db.selectFrom('organisations').selectAll().orderBy('path');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.within) query = query.where('path', 'like', `${filter.within.path}%`);
  return query.execute();
}

export async function countOrganisations(db: CatalogDb): Promise<number> {
  const row = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
