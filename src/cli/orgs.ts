// `territoires orgs list`: the organisations of the platform, as a tree order.
import { createOrganisation, getOrganisation, listOrganisations, ORGANISATION_KINDS, type OrganisationKind } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

export const orgsCommand: Command = {
  summary: 'Liste ou crée les organisations / lists or creates the organisations',
  usage: [
    `territoires orgs list [--kind ${ORGANISATION_KINDS.join('|')}] [--within SLUG|SIREN|INSEE] [--json]`,
    '       territoires orgs create --name NAME --kind KIND [--parent SLUG|SIREN|INSEE] [--siren SIREN] [--insee CODE] [--slug SLUG]',
  ].join('\n'),
  options: {
    kind: { type: 'string' }, within: { type: 'string' }, json: { type: 'boolean' },
    name: { type: 'string' }, parent: { type: 'string' }, siren: { type: 'string' }, insee: { type: 'string' }, slug: { type: 'string' },
  },
  async run({ values, positionals, config }) {
    const action = positionals[0];
    if (action !== 'list' && action !== 'create') throw usageError('orgs', 'orgs takes "list" or "create"', 'orgs attend « list » ou « create »');
    const kind = values.kind as string | undefined;
    if (kind && !(ORGANISATION_KINDS as readonly string[]).includes(kind)) {
      throw new AppError('INVALID_PARAMETER', { parameter: '--kind', value: kind, expected: ORGANISATION_KINDS.join(', ') });
    }
    if (action === 'create' && (!values.name || !kind)) throw usageError('orgs', 'orgs create needs --name and --kind', 'orgs create demande --name et --kind');
    const platform = await openPlatform(config);
    try {
      if (action === 'create') {
        const parent = values.parent ? await getOrganisation(platform.db, values.parent as string) : undefined;
        const created = await createOrganisation(platform.db, {
          name: values.name as string,
          kind: kind as OrganisationKind,
          slug: values.slug as string | undefined,
          siren: (values.siren as string | undefined) ?? null,
          cog: (values.insee as string | undefined) ?? null,
          parentId: parent?.id ?? null,
        });
        process.stdout.write(`Organisation créée / created: ${created.slug}\n`);
        return 0;
      }
      const within = values.within ? await getOrganisation(platform.db, values.within as string) : undefined;
      const rows = await listOrganisations(platform.db, { kind: kind as OrganisationKind | undefined, within });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(rows.map(({ path: _path, ...row }) => row), null, 2)}\n`);
      } else {
        const depth = (path: string) => path.split('/').length - 3;
        printTable(['slug', 'kind', 'siren', 'insee', 'name'], rows.map((o) => [o.slug, o.kind, o.siren ?? '', o.cog ?? '', `${'  '.repeat(Math.max(0, depth(o.path)))}${o.name}`]));
      }
      return 0;
    } finally {
      await platform.close();
    }
  },
};
