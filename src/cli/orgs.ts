// `territoires orgs list`: the organisations of the platform, as a tree order.
import { getOrganisation, listOrganisations, ORGANISATION_KINDS, type OrganisationKind } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

export const orgsCommand: Command = {
  summary: 'Liste les organisations / lists the organisations',
  usage: `territoires orgs list [--kind ${ORGANISATION_KINDS.join('|')}] [--within SLUG|SIREN|INSEE] [--json]`,
  options: { kind: { type: 'string' }, within: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals, config }) {
    if (positionals[0] !== 'list') throw usageError('orgs takes "list" (orgs list)');
    const kind = values.kind as string | undefined;
    if (kind && !(ORGANISATION_KINDS as readonly string[]).includes(kind)) {
      throw new AppError('INVALID_PARAMETER', { parameter: '--kind', value: kind, expected: ORGANISATION_KINDS.join(', ') });
    }
    const platform = await openPlatform(config);
    try {
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
