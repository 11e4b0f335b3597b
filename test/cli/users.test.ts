// `territoires users …` as an operator runs it: the first administrator's account, memberships,
// disabling, with the password never on the command line nor in the output. Few runs: each
// starts the whole command.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signIn } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config.js';
import { openPlatform } from '../../src/platform.js';
import { runCli } from '../helpers/cli.js';
import { temporaryDir } from '../helpers/platform.js';

const dir = temporaryDir();
const env = { TERRITOIRES_DATA_DIR: dir };

test('users create, add-member, list, remove-member and disable', async () => {
  assert.equal((await runCli(['orgs', 'create', '--name', 'Nantes Métropole', '--kind', 'epci', '--slug', 'nantes-metropole'], env)).code, 0);

  const created = await runCli(['users', 'create', '--email', 'Admin@Region.fr', '--name', 'Alice Admin', '--platform-admin'], { ...env, TERRITOIRES_PASSWORD: 'une phrase de passe' });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /Compte créé \/ account created: admin@region\.fr .*platform administrator/);
  assert.ok(!created.stdout.includes('une phrase de passe') && !created.stderr.includes('une phrase de passe'));

  const added = await runCli(['users', 'add-member', '--email', 'admin@region.fr', '--organisation', 'nantes-metropole', '--role', 'editor'], env);
  assert.equal(added.code, 0, added.stderr);

  const listed = await runCli(['users', 'list'], env);
  assert.match(listed.stdout, /admin@region\.fr\s+Alice Admin\s+oui\/yes\s+nantes-metropole:editor/);

  const removed = await runCli(['users', 'remove-member', '--email', 'admin@region.fr', '--organisation', 'nantes-metropole'], env);
  assert.equal(removed.code, 0);
  assert.match(removed.stdout, /admin@region\.fr ne fait plus partie de \/ has left Nantes Métropole/);

  const platform = await openPlatform(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  try {
    assert.equal((await signIn(platform.db, 'admin@region.fr', 'une phrase de passe')).is_platform_admin, 1);
    assert.equal((await runCli(['users', 'disable', '--email', 'admin@region.fr'], env)).code, 0);
    await assert.rejects(signIn(platform.db, 'admin@region.fr', 'une phrase de passe'), { code: 'SIGN_IN_FAILED' });
  } finally {
    await platform.close();
  }
});
