// `territoires portals list|create|set|aliases|alias|unalias`: the white-label sites, the hosts they
// answer on, their look and legal pages, and the dataset aliases each keeps for the old URLs of a migrated OpenDataSoft domain.
import fs from 'node:fs';
import { datasetScope, PLATFORM, visibleDatasets } from '../auth/index.js';
import { createPortal, getOrganisation, getPortalBySlug, listDatasetAliases, listPortals, removeDatasetAlias, setDatasetAlias, updatePortal, type AccessibilityStatus, type PortalChanges } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

const ACTIONS = ['list', 'create', 'set', 'aliases', 'alias', 'unalias'] as const;

export const portalsCommand: Command = {
  summary: 'Liste ou crée les portails, gère leurs alias / lists or creates the portals, manages their aliases',
  usage: [
    'territoires portals list',
    '       territoires portals create --slug SLUG --title TITLE [--host HOSTNAME]… [--org SLUG|SIREN|INSEE] [--default] [--color #RRGGBB] [--text HOME_TEXT]',
    '       (without --org the portal shows every organisation; with it, that one and those below it)',
    '       territoires portals set SLUG [--title TITLE] [--text HOME_TEXT] [--color #RRGGBB] [--logo https://…|/path]',
    '           [--legal-notice-file FILE.md] [--privacy-file FILE.md] [--accessibility-file FILE.md]',
    '           [--accessibility-status non|partiel|total] [--featured ID,ID…]   (--logo "" removes the logo)',
    '       territoires portals aliases PORTAL            (the dataset aliases of the portal)',
    '       territoires portals alias PORTAL ALIAS DATASET_ID   (ALIAS names DATASET_ID on PORTAL)',
    '       territoires portals unalias PORTAL ALIAS',
  ].join('\n'),
  options: {
    slug: { type: 'string' }, title: { type: 'string' }, host: { type: 'string', multiple: true }, org: { type: 'string' },
    default: { type: 'boolean' }, color: { type: 'string' }, text: { type: 'string' },
    logo: { type: 'string' }, 'legal-notice-file': { type: 'string' }, 'privacy-file': { type: 'string' }, 'accessibility-file': { type: 'string' },
    'accessibility-status': { type: 'string' }, featured: { type: 'string' },
  },
  async run({ values, positionals, config }) {
    const action = positionals[0] as (typeof ACTIONS)[number];
    if (!ACTIONS.includes(action)) throw usageError('portals', `portals takes ${ACTIONS.map((a) => `"${a}"`).join(', ')}`, `portals attend ${ACTIONS.map((a) => `« ${a} »`).join(', ')}`);
    if (action === 'create' && (!values.slug || !values.title)) throw usageError('portals', 'portals create needs --slug and --title', 'portals create demande --slug et --title');
    const wanted = { set: 2, aliases: 2, alias: 4, unalias: 3 }[action as string];
    if (wanted !== undefined && positionals.length !== wanted) throw usageError('portals', `portals ${action} takes ${wanted - 1} arguments`, `portals ${action} prend ${wanted - 1} arguments`);
    const platform = await openPlatform(config);
    try {
      if (action === 'create') {
        const scope = values.org ? await getOrganisation(platform.db, values.org as string) : null;
        const portal = await createPortal(platform.db, {
          slug: values.slug as string,
          title: values.title as string,
          hostnames: (values.host as string[] | undefined) ?? [],
          scope,
          isDefault: values.default === true,
          homeText: values.text as string | undefined,
          theme: values.color ? { primaryColor: values.color as string } : undefined,
        });
        process.stdout.write(`Portail créé / portal created: ${portal.slug} (${portal.hostnames.join(', ') || `/portals/${portal.slug}/`})\n`);
        return 0;
      }
      if (action === 'list') {
        const portals = await listPortals(platform.db);
        printTable(['slug', 'default', 'hostnames', 'scope', 'title'], portals.map((p) => [p.slug, p.isDefault ? 'yes' : '', p.hostnames.join(','), p.scope?.name ?? '(all)', p.title]));
        return 0;
      }
      const [, slug = '', alias = '', datasetId = ''] = positionals;
      if (action === 'set') {
        const portal = await updatePortal(platform.db, slug, portalChanges(values));
        process.stdout.write(`Portail modifié / portal updated: ${portal.slug} (accessibilité / accessibility: ${portal.pages.accessibilityStatus})\n`);
        return 0;
      }
      const portal = await getPortalBySlug(platform.db, slug);
      if (action === 'alias') {
        await setDatasetAlias(platform.db, { ...datasetScope(PLATFORM, portal), portal }, alias, datasetId);
        process.stdout.write(`Alias enregistré / alias saved: ${alias} → ${datasetId} (${portal.slug})\n`);
      } else if (action === 'unalias') {
        await removeDatasetAlias(platform.db, portal, alias);
        process.stdout.write(`Alias supprimé / alias removed: ${alias} (${portal.slug})\n`);
      } else {
        printTable(['alias', 'dataset_id', 'created_at'], (await listDatasetAliases(platform.db, portal, visibleDatasets(PLATFORM))).map((a) => [a.alias, a.datasetId, a.createdAt]));
      }
      return 0;
    } finally {
      await platform.close();
    }
  },
};

/** The flags of `portals set` as changes; a page's Markdown is read from the file given. */
function portalChanges(values: Record<string, string | boolean | string[] | undefined>): PortalChanges {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const file = (name: string) => {
    const path = text(name);
    if (path === undefined) return undefined;
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      throw new AppError('INGEST_FILE_NOT_FOUND', { file: path });
    }
  };
  const logo = text('logo');
  const featured = text('featured');
  const theme = { primaryColor: text('color'), logoUrl: logo === undefined ? undefined : logo || null };
  const pages = { legalNotice: file('legal-notice-file'), privacy: file('privacy-file'), accessibility: file('accessibility-file'), accessibilityStatus: text('accessibility-status') as AccessibilityStatus | undefined };
  return {
    title: text('title'),
    homeText: text('text'),
    theme: Object.values(theme).some((v) => v !== undefined) ? withoutUndefined(theme) : undefined,
    pages: Object.values(pages).some((v) => v !== undefined) ? withoutUndefined(pages) : undefined,
    featured: featured === undefined ? undefined : featured.split(',').map((id) => id.trim()).filter(Boolean),
  };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
