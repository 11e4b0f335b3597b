// `territoires users …`: accounts from the command line, for the first platform administrator and
// for scripts. The password never appears on the command line (where `ps` and the shell history
// would keep it): it comes from TERRITOIRES_PASSWORD or is typed without echo.
import { createUser, endSessionsOfUser } from '../auth/index.js';
import {
  appendAudit, findUserByEmail, getOrganisation, listMembershipsOfUser, listOrganisations, listUsers, nowIso, removeMembership, ROLES, setMembership, updateUser,
  type CatalogDb, type Role, type UserRow,
} from '../catalog/index.js';
import { AppError } from '../errors.js';
import { openPlatform } from '../platform.js';
import type { Command } from './main.js';
import { printTable, usageError } from './output.js';

const USAGE = [
  'territoires users create --email E --name N [--platform-admin]   (mot de passe / password: TERRITOIRES_PASSWORD or typed)',
  'territoires users list',
  'territoires users add-member --email E --organisation ORG --role admin|editor|viewer',
  'territoires users remove-member --email E --organisation ORG',
  'territoires users disable --email E',
].join('\n       ');

export const usersCommand: Command = {
  summary: 'Crée, liste et gère les comptes / creates, lists and manages accounts',
  usage: USAGE,
  options: { email: { type: 'string' }, name: { type: 'string' }, 'platform-admin': { type: 'boolean' }, organisation: { type: 'string' }, role: { type: 'string' } },
  async run({ values, positionals, config }) {
    const action = positionals[0] ?? '';
    const needed: Record<string, string[]> = { create: ['email', 'name'], list: [], 'add-member': ['email', 'organisation', 'role'], 'remove-member': ['email', 'organisation'], disable: ['email'] };
    const required = needed[action];
    if (!required) throw usageError('users', 'users takes create, list, add-member, remove-member or disable', 'users attend create, list, add-member, remove-member ou disable');
    const missing = required.filter((flag) => typeof values[flag] !== 'string' || values[flag] === '');
    if (missing.length > 0) throw usageError('users', `users ${action} needs --${missing.join(', --')}`, `users ${action} demande --${missing.join(', --')}`);
    const role = values.role as string | undefined;
    if (role !== undefined && !(ROLES as readonly string[]).includes(role)) throw usageError('users', `--role is one of ${ROLES.join(', ')}`, `--role vaut ${ROLES.join(', ')}`);
    // Asked before the catalog opens: nothing waits on someone typing.
    const password = action === 'create' ? await readPassword() : '';
    const platform = await openPlatform(config);
    try {
      const db = platform.db;
      const email = values.email as string;
      switch (action) {
        case 'create': {
          const user = await createUser(db, { email, name: values.name as string, password, platformAdmin: values['platform-admin'] === true });
          await appendAudit(db, { actor: 'platform', action: 'user.create', target: `user:${user.id}`, details: { email: user.email, platform_admin: user.is_platform_admin === 1 } });
          process.stdout.write(`Compte créé / account created: ${user.email} (${user.id})${user.is_platform_admin ? ', administrateur de la plateforme / platform administrator' : ''}\n`);
          return 0;
        }
        case 'list':
          return await list(db);
        case 'add-member':
        case 'remove-member': {
          const user = await userByEmail(db, email);
          const organisation = await getOrganisation(db, values.organisation as string);
          if (action === 'add-member') {
            await setMembership(db, user.id, organisation.id, role as Role);
            await appendAudit(db, { actor: 'platform', action: 'member.set', target: `user:${user.id}`, organisationId: organisation.id, details: { email: user.email, role } });
            process.stdout.write(`${user.email} : ${role} de / of ${organisation.name}\n`);
            return 0;
          }
          const removed = await removeMembership(db, user.id, organisation.id);
          if (removed) await appendAudit(db, { actor: 'platform', action: 'member.remove', target: `user:${user.id}`, organisationId: organisation.id, details: { email: user.email } });
          process.stdout.write(removed ? `${user.email} ne fait plus partie de / has left ${organisation.name}\n` : `${user.email} n'était pas membre de / was not a member of ${organisation.name}\n`);
          return removed ? 0 : 2;
        }
        default: {
          const user = await userByEmail(db, email);
          await updateUser(db, user.id, { disabled_at: user.disabled_at ?? nowIso() });
          // Disabled means out now, not when the sessions expire.
          await endSessionsOfUser(db, user.id);
          await appendAudit(db, { actor: 'platform', action: 'user.disable', target: `user:${user.id}`, details: { email: user.email } });
          process.stdout.write(`Compte désactivé / account disabled: ${user.email}\n`);
          return 0;
        }
      }
    } finally {
      await platform.close();
    }
  },
};

async function userByEmail(db: CatalogDb, email: string): Promise<UserRow> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new AppError('USER_NOT_FOUND', { user: email });
  return user;
}

async function list(db: CatalogDb): Promise<number> {
  const users = await listUsers(db);
  const slugs = new Map((await listOrganisations(db)).map((o) => [o.id, o.slug]));
  const rows: string[][] = [];
  for (const user of users) {
    const memberships = await listMembershipsOfUser(db, user.id);
    rows.push([
      user.email,
      user.name,
      user.is_platform_admin ? 'oui/yes' : '',
      memberships.map((m) => `${slugs.get(m.organisation_id) ?? m.organisation_id}:${m.role}`).join(', '),
      user.disabled_at ? `désactivé/disabled ${user.disabled_at.slice(0, 10)}` : '',
    ]);
  }
  printTable(['email', 'name', 'platform admin', 'memberships', 'status'], rows);
  return 0;
}

/** TERRITOIRES_PASSWORD (a command's input, like a file, not a setting), else typed on a terminal without echo, else the first line of stdin. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.TERRITOIRES_PASSWORD;
  if (fromEnv) return fromEnv;
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write('Mot de passe / password: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done();
          return resolve(typed);
        }
        if (char === '\u0003') {
          done();
          return reject(new AppError('USAGE', { command: 'users', detail: 'interrupted', detail_fr: 'interrompu' }));
        }
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    };
    const done = () => {
      stdin.setRawMode(false);
      stdin.off('data', onData);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
