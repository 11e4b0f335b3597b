// `territoires portals list|create`: the white-label sites and the hosts they answer on.
import { createPortal, getOrganisation, listPortals } from '../catalog/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

export const portalsCommand: Command = {
  summary: 'Liste ou crée les portails / lists or creates the portals',
  usage: [
    'territoires portals list',
    '       territoires portals create --slug SLUG --title TITLE [--host HOSTNAME]… [--org SLUG|SIREN|INSEE] [--default] [--color #RRGGBB] [--text HOME_TEXT]',
    '       (without --org the portal shows every organisation; with it, that one and those below it)',
  ].join('\n'),
  options: {
    slug: { type: 'string' }, title: { type: 'string' }, host: { type: 'string', multiple: true }, org: { type: 'string' },
    default: { type: 'boolean' }, color: { type: 'string' }, text: { type: 'string' },
  },
  async run({ values, positionals, config }) {
    const action = positionals[0];
    if (action !== 'list' && action !== 'create') throw usageError('portals', 'portals takes "list" or "create"', 'portals attend « list » ou « create »');
    if (action === 'create' && (!values.slug || !values.title)) throw usageError('portals', 'portals create needs --slug and --title', 'portals create demande --slug et --title');
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
      const portals = await listPortals(platform.db);
      printTable(['slug', 'default', 'hostnames', 'scope', 'title'], portals.map((p) => [p.slug, p.isDefault ? 'yes' : '', p.hostnames.join(','), p.scope?.name ?? '(all)', p.title]));
      return 0;
    } finally {
      await platform.close();
    }
  },
};
