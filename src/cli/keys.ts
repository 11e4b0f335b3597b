// `territoires keys create --admin`: an operator API key, shown once and stored hashed.
import { createOperatorKey } from '../auth/index.js';
import { listApiKeys, revokeApiKey } from '../catalog/index.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

export const keysCommand: Command = {
  summary: 'Crée, liste ou révoque des clés d’API / creates, lists or revokes API keys',
  usage: 'territoires keys create --admin [--name NAME] | territoires keys list | territoires keys revoke ID',
  options: { admin: { type: 'boolean' }, name: { type: 'string' } },
  async run({ values, positionals, config }) {
    const [action, id] = positionals;
    if (action === 'create' && !values.admin) throw usageError('keys', 'keys create needs --admin: only operator keys exist for now', 'keys create demande --admin : seules les clés opérateur existent pour l’instant');
    if (action !== 'create' && action !== 'list' && !(action === 'revoke' && id)) throw usageError('keys', 'keys takes create --admin, list or revoke ID', 'keys attend create --admin, list ou revoke ID');
    const platform = await openPlatform(config);
    try {
      if (action === 'create') {
        const created = await createOperatorKey(platform.db, (values.name as string | undefined) ?? 'operator');
        process.stderr.write('Clé créée ; elle ne sera plus affichée / key created; it will not be shown again:\n');
        process.stdout.write(`${created.key}\n`);
      } else if (action === 'list') {
        const keys = await listApiKeys(platform.db);
        printTable(['id', 'name', 'prefix', 'scopes', 'created', 'last used', 'revoked'], keys.map((k) => [k.id, k.name, `${k.prefix}…`, JSON.parse(k.scopes).join(','), k.created_at, k.last_used_at ?? '', k.revoked_at ?? '']));
      } else if (id) {
        const revoked = await revokeApiKey(platform.db, id);
        process.stdout.write(revoked ? `Clé révoquée / key revoked: ${id}\n` : `Aucune clé active ${id} / no active key ${id}\n`);
        return revoked ? 0 : 2;
      }
      return 0;
    } finally {
      await platform.close();
    }
  },
};
