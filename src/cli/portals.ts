// `territoires portals list|create|aliases|alias|unalias`: the white-label sites, the hosts they
// answer on, and the dataset aliases each keeps for the old URLs of a migrated OpenDataSoft domain.
import { datasetScope, PLATFORM } from '../auth/index.js';
import { createPortal, getOrganisation, getPortalBySlug, listDatasetAliases, listPortals, removeDatasetAlias, setDatasetAlias } from '../catalog/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

const ACTIONS = ['list', 'create', 'aliases', 'alias', 'unalias'] as const;

export const portalsCommand: Command = {
  summary: 'Liste ou crée les portails, gère leurs alias / lists or creates the portals, manages their aliases',
  usage: [
    'territoires portals list',
    '       territoires portals create --slug SLUG --title TITLE [--host HOSTNAME]… [--org SLUG|SIREN|INSEE] [--default] [--color #RRGGBB] [--text HOME_TEXT]',
    '       (without --org the portal shows every organisation; with it, that one and those below it)',
    '       territoires portals aliases PORTAL            (the dataset aliases of the portal)',
    '       territoires portals alias PORTAL ALIAS DATASET_ID   (ALIAS names DATASET_ID on PORTAL)',
    '       territoires portals unalias PORTAL ALIAS',
  ].join('\n'),
  options: {
    slug: { type: 'string' }, title: { type: 'string' }, host: { type: 'string', multiple: true }, org: { type: 'string' },
    default: { type: 'boolean' }, color: { type: 'string' }, text: { type: 'string' },
  },
  async run({ values, positionals, config }) {
    const action = positionals[0] as (typeof ACTIONS)[number];
    if (!ACTIONS.includes(action)) throw usageError('portals', `portals takes ${ACTIONS.map((a) => `"${a}"`).join(', ')}`, `portals attend ${ACTIONS.map((a) => `« ${a} »`).join(', ')}`);
    if (action === 'create' && (!values.slug || !values.title)) throw usageError('portals', 'portals create needs --slug and --title', 'portals create demande --slug et --title');
    const wanted = { aliases: 2, alias: 4, unalias: 3 }[action as string];
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
      const portal = await getPortalBySlug(platform.db, slug);
      if (action === 'alias') {
        await setDatasetAlias(platform.db, { ...datasetScope(PLATFORM, portal), portal }, alias, datasetId);
        process.stdout.write(`Alias enregistré / alias saved: ${alias} → ${datasetId} (${portal.slug})\n`);
      } else if (action === 'unalias') {
        await removeDatasetAlias(platform.db, portal, alias);
        process.stdout.write(`Alias supprimé / alias removed: ${alias} (${portal.slug})\n`);
      } else {
        printTable(['alias', 'dataset_id', 'created_at'], (await listDatasetAliases(platform.db, portal)).map((a) => [a.alias, a.datasetId, a.createdAt]));
      }
      return 0;
    } finally {
      await platform.close();
    }
  },
};
