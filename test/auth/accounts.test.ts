// Accounts with a password, on SQLite and PostgreSQL: hashed passwords, sign-in that says nothing
// about which addresses exist and slows down when guessed at, one-time links (invitation, reset)
// sent to the mailbox folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  acceptInvitation, createSession, createUser, hashSecret, inviteMember, requestPasswordReset, resetPassword, sessionOf, signIn, verifyPassword,
} from '../../src/auth/index.js';
import { createOrganisation, findUserByEmail, listMembershipsOfUser, type OrganisationRow } from '../../src/catalog/index.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { testPlatform, type TestPlatform } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const BASE = 'https://data.example.fr';

for (const { backend, skip } of BACKENDS) {
  describe(`accounts on ${backend}`, { skip }, () => {
    let t: TestPlatform;
    let organisation: OrganisationRow;
    const mailbox = () => t.platform.config.mailboxDir;

    /** The mails written so far, oldest first. */
    function mails(): string[] {
      if (!fs.existsSync(mailbox())) return [];
      return fs.readdirSync(mailbox()).sort().map((name) => fs.readFileSync(path.join(mailbox(), name), 'utf8'));
    }
    function lastLink(kind: 'invitation' | 'reinitialiser'): string {
      const mail = mails().at(-1) ?? '';
      const match = new RegExp(`${BASE}/${kind}\\?jeton=([\\w-]+)`).exec(mail);
      assert.ok(match, `a ${kind} link in ${mail}`);
      return match[1] ?? '';
    }
    async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
      await assert.rejects(promise, (error: { code?: string }) => error.code === code);
    }

    before(async () => {
      t = await testPlatform(backend);
      organisation = await createOrganisation(t.platform.db, { name: 'Nantes Métropole', kind: 'epci', slug: 'nantes-metropole' });
    });
    after(async () => t?.dispose());

    test('a password is stored as a salted scrypt hash, never as typed', async () => {
      const user = await createUser(t.platform.db, { email: 'Anne.Martin@Nantes.fr', name: 'Anne Martin', password: 'une phrase de passe' });
      assert.equal(user.email, 'anne.martin@nantes.fr');
      const stored = (await findUserByEmail(t.platform.db, 'anne.martin@nantes.fr'))?.password_hash ?? '';
      assert.match(stored, /^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
      assert.ok(!stored.includes('une phrase de passe'));
      const twin = await createUser(t.platform.db, { email: 'twin@nantes.fr', name: 'Twin', password: 'une phrase de passe' });
      assert.notEqual(twin.password_hash, stored, 'each hash has its own salt');
      assert.equal(await verifyPassword('une phrase de passe', stored), true);
      assert.equal(await verifyPassword('une phrase de pass', stored), false);
    });

    test('a short password, a malformed address or a taken one are refused', async () => {
      await rejects(createUser(t.platform.db, { email: 'court@nantes.fr', name: 'Court', password: 'court' }), 'PASSWORD_TOO_SHORT');
      await rejects(createUser(t.platform.db, { email: 'pas une adresse', name: 'X', password: 'une phrase de passe' }), 'EMAIL_INVALID');
      await rejects(createUser(t.platform.db, { email: 'ANNE.MARTIN@nantes.fr', name: 'Anne', password: 'une phrase de passe' }), 'ALREADY_EXISTS');
    });

    test('a failed sign-in says the same for an unknown address and a wrong password', async () => {
      const messages: string[] = [];
      for (const [email, password] of [['personne@nantes.fr', 'une phrase de passe'], ['anne.martin@nantes.fr', 'mauvais mot de passe']] as const) {
        await assert.rejects(signIn(t.platform.db, email, password), (error: Error & { code?: string; messageFr?: string }) => {
          assert.equal(error.code, 'SIGN_IN_FAILED');
          messages.push(`${error.message} / ${error.messageFr}`);
          return true;
        });
      }
      assert.equal(messages[0], messages[1]);
      const user = await signIn(t.platform.db, 'Anne.Martin@nantes.fr', 'une phrase de passe');
      assert.equal(user.email, 'anne.martin@nantes.fr');
      assert.equal((await findUserByEmail(t.platform.db, user.email))?.failed_sign_ins, 0, 'a success resets the count');
    });

    test('each failure slows the next answer, until a success', async () => {
      await createUser(t.platform.db, { email: 'lent@nantes.fr', name: 'Lent', password: 'une phrase de passe' });
      const timeFailure = async () => {
        const start = performance.now();
        await rejects(signIn(t.platform.db, 'lent@nantes.fr', 'devine devine'), 'SIGN_IN_FAILED');
        return performance.now() - start;
      };
      const first = await timeFailure();
      await timeFailure();
      await timeFailure();
      const fourth = await timeFailure();
      assert.ok(fourth > first + 600, `4th failure ${Math.round(fourth)} ms, 1st ${Math.round(first)} ms`);
      assert.equal((await findUserByEmail(t.platform.db, 'lent@nantes.fr'))?.failed_sign_ins, 4);
      await signIn(t.platform.db, 'lent@nantes.fr', 'une phrase de passe');
      const afterSuccess = await timeFailure();
      assert.ok(afterSuccess < fourth - 600, `after a success: ${Math.round(afterSuccess)} ms`);
    });

    test('a disabled account cannot sign in, and its sessions open nothing', async () => {
      const user = await createUser(t.platform.db, { email: 'parti@nantes.fr', name: 'Parti', password: 'une phrase de passe' });
      const session = await createSession(t.platform.db, user.id, null);
      assert.equal((await sessionOf(t.platform.db, session.token))?.user.id, user.id);
      await t.platform.db.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('id', '=', user.id).execute();
      await rejects(signIn(t.platform.db, 'parti@nantes.fr', 'une phrase de passe'), 'SIGN_IN_FAILED');
      assert.equal(await sessionOf(t.platform.db, session.token), undefined);
    });

    test('an invitation is mailed, creates the account and its membership once', async () => {
      const { token } = await inviteMember(t.platform.db, t.platform.mailer, { email: 'nouveau@nantes.fr', organisationId: organisation.id, role: 'editor', invitedBy: null, baseUrl: BASE });
      const mail = mails().at(-1) ?? '';
      assert.match(mail, /^To: nouveau@nantes\.fr$/m);
      assert.match(mail, /rejoindre Nantes Métropole en tant que éditeur[\s\S]*English below[\s\S]*join Nantes Métropole as editor/);
      assert.equal(lastLink('invitation'), token);
      const rows = await t.platform.db.selectFrom('account_tokens').select('hash').execute();
      assert.ok(rows.every((r) => r.hash !== token), 'the token is stored hashed');
      assert.ok(rows.some((r) => r.hash === hashSecret(token)));

      await rejects(acceptInvitation(t.platform.db, token, { name: 'Nouveau', password: 'court' }), 'PASSWORD_TOO_SHORT');
      const user = await acceptInvitation(t.platform.db, token, { name: 'Nouveau Venu', password: 'une phrase de passe' });
      assert.deepEqual((await listMembershipsOfUser(t.platform.db, user.id)).map((m) => [m.organisation_id, m.role]), [[organisation.id, 'editor']]);
      assert.equal((await signIn(t.platform.db, 'nouveau@nantes.fr', 'une phrase de passe')).name, 'Nouveau Venu');
      await rejects(acceptInvitation(t.platform.db, token, { name: 'Encore', password: 'une phrase de passe' }), 'TOKEN_INVALID');
    });

    test('an existing account accepts an invitation without its password changing', async () => {
      await inviteMember(t.platform.db, t.platform.mailer, { email: 'anne.martin@nantes.fr', organisationId: organisation.id, role: 'admin', invitedBy: null, baseUrl: BASE });
      assert.match(mails().at(-1) ?? '', /Vous avez déjà un compte/);
      const user = await acceptInvitation(t.platform.db, lastLink('invitation'), { name: '', password: '' });
      assert.deepEqual((await listMembershipsOfUser(t.platform.db, user.id)).map((m) => m.role), ['admin']);
      await signIn(t.platform.db, 'anne.martin@nantes.fr', 'une phrase de passe');
    });

    test('an expired link is refused', async () => {
      const { token } = await inviteMember(t.platform.db, t.platform.mailer, { email: 'tard@nantes.fr', organisationId: organisation.id, role: 'viewer', invitedBy: null, baseUrl: BASE });
      await t.platform.db.updateTable('account_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('hash', '=', hashSecret(token)).execute();
      await rejects(acceptInvitation(t.platform.db, token, { name: 'Tard', password: 'une phrase de passe' }), 'TOKEN_INVALID');
    });

    test('a reset is mailed only to an existing account, works once, and ends the other sessions', async () => {
      const before = mails().length;
      await requestPasswordReset(t.platform.db, t.platform.mailer, 'inconnu@nantes.fr', BASE);
      assert.equal(mails().length, before, 'no mail for an address without an account');

      const user = (await findUserByEmail(t.platform.db, 'twin@nantes.fr'))!;
      const elsewhere = await createSession(t.platform.db, user.id, '192.0.2.1');
      await requestPasswordReset(t.platform.db, t.platform.mailer, 'twin@nantes.fr', BASE);
      assert.equal(mails().length, before + 1);
      assert.match(mails().at(-1) ?? '', /^Subject: =\?UTF-8\?B\?/m);
      const token = lastLink('reinitialiser');

      await rejects(resetPassword(t.platform.db, token, 'court'), 'PASSWORD_TOO_SHORT');
      await resetPassword(t.platform.db, token, 'un tout nouveau mot de passe');
      assert.equal(await sessionOf(t.platform.db, elsewhere.token), undefined, 'the other sessions are over');
      await rejects(signIn(t.platform.db, 'twin@nantes.fr', 'une phrase de passe'), 'SIGN_IN_FAILED');
      await signIn(t.platform.db, 'twin@nantes.fr', 'un tout nouveau mot de passe');
      await rejects(resetPassword(t.platform.db, token, 'encore un autre mot de passe'), 'TOKEN_INVALID');
    });

    test('a session expires', async () => {
      const user = (await findUserByEmail(t.platform.db, 'twin@nantes.fr'))!;
      const session = await createSession(t.platform.db, user.id, null);
      assert.equal((await sessionOf(t.platform.db, session.token))?.csrf, session.csrf);
      assert.ok(session.expiresAt.getTime() - Date.now() > 11.9 * 3600_000);
      const rows = await t.platform.db.selectFrom('sessions').select('hash').execute();
      assert.ok(rows.every((r) => r.hash !== session.token), 'the token is stored hashed');
      await t.platform.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('hash', '=', hashSecret(session.token)).execute();
      assert.equal(await sessionOf(t.platform.db, session.token), undefined);
    });
  });
}
