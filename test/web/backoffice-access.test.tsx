// The back-office's access pages: an organisation's administrator manages its members (role,
// invitation by mail, removal after a confirmation) and its keys, an editor is refused; a personal
// API key is shown once, then only its prefix, works on the API until it is revoked; the audit
// log lists these actions to whoever may read them, and only their organisations' entries.
// SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSession } from '../../src/auth/index.js';
import { appendAudit, createOrganisation, createPortal, insertUser, listMembersOfOrganisation, setMembership, topOrganisation, type OrganisationRow, type Role } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

interface Browser {
  userId: string;
  cookie: string;
  csrf: string;
}

for (const { backend, skip } of BACKENDS) describe(`back-office access pages on ${backend}`, { skip }, () => {
  let setup: TestApp;
  let nantes: OrganisationRow;
  let angers: OrganisationRow;
  let admin: Browser;
  let editor: Browser;
  let trainee: Browser;
  // Administers Angers, only edits Nantes: reads Angers' entries of the log, not Nantes'.
  let angersAdmin: Browser;

  before(async () => {
    setup = await testApp({ backend });
    const { db } = setup.t.platform;
    await createPortal(db, { slug: 'region', title: 'Données de la Région', hostnames: [], scope: null, isDefault: true });
    const region = await topOrganisation(db);
    nantes = await createOrganisation(db, { name: 'Nantes', kind: 'commune', slug: 'nantes', parentId: region?.id ?? null });
    angers = await createOrganisation(db, { name: 'Angers', kind: 'commune', slug: 'angers', parentId: region?.id ?? null });
    const signIn = async (email: string, name: string, roles: [OrganisationRow, Role][]): Promise<Browser> => {
      const user = await insertUser(db, { email, name });
      for (const [organisation, role] of roles) await setMembership(db, user.id, organisation.id, role);
      const session = await createSession(db, user.id, null);
      return { userId: user.id, cookie: `territoires_session=${session.token}`, csrf: session.csrf };
    };
    admin = await signIn('chef@nantes.fr', 'Claire Chef', [[nantes, 'admin']]);
    editor = await signIn('agent@nantes.fr', 'Aline Agent', [[nantes, 'editor']]);
    trainee = await signIn('stagiaire@nantes.fr', 'Sam Stagiaire', [[nantes, 'viewer']]);
    angersAdmin = await signIn('chef@angers.fr', 'Bruno Chef', [[angers, 'admin'], [nantes, 'editor']]);
  });
  after(async () => setup?.dispose());

  const get = (url: string, who?: Browser) => setup.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
  const post = (url: string, who: Browser, fields: [string, string][]) =>
    setup.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_csrf', who.csrf], ...fields]).toString() });
  const follow = async (response: { statusCode: number; headers: Record<string, unknown> }, who: Browser) => {
    assert.equal(response.statusCode, 303);
    return get(String(response.headers.location), who);
  };
  const roleOf = async (userId: string) => (await listMembersOfOrganisation(setup.t.platform.db, nantes.id)).find((m) => m.user_id === userId)?.role;
  const selected = (html: string, userId: string) => new RegExp(`id="role-${userId}"[^>]*>(?:<option[^>]*>[^<]*</option>)*?<option value="(\\w+)" selected`).exec(html)?.[1];

  test('an administrator sees the members, their addresses and roles; an editor gets a 403 page; a visitor is sent to sign in', async () => {
    const page = await get('/espace/organisations/nantes/membres', admin);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Membres de Nantes<\/h1>/);
    for (const text of ['Claire Chef', 'chef@nantes.fr', 'Aline Agent', 'agent@nantes.fr', 'Sam Stagiaire', 'Bruno Chef']) assert.ok(page.body.includes(text), text);
    assert.equal(selected(page.body, admin.userId), 'admin');
    assert.equal(selected(page.body, editor.userId), 'editor');
    assert.equal(selected(page.body, trainee.userId), 'viewer');
    assert.match(page.headers['cache-control'] as string, /no-store/);
    const english = await get('/espace/organisations/nantes/membres?lang=en', admin);
    assert.match(english.body, /<h1>Members of Nantes<\/h1>/);
    assert.match(english.body, /action="\/espace\/organisations\/nantes\/invitations\?lang=en"/);
    for (const url of ['/espace/cles?lang=en', '/espace/journal?lang=en']) assert.match((await get(url, admin)).body, /<h1>(My API keys|Action log)<\/h1>/);

    const refused = await get('/espace/organisations/nantes/membres', editor);
    assert.equal(refused.statusCode, 403);
    assert.doesNotMatch(refused.body, /agent@nantes\.fr|stagiaire/);
    assert.equal((await post(`/espace/organisations/nantes/membres/${trainee.userId}/role`, editor, [['role', 'admin']])).statusCode, 403);
    assert.equal(await roleOf(trainee.userId), 'viewer');
    const anonymous = await get('/espace/organisations/nantes/membres');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/connexion\?retour=/);
  });

  test('an administrator changes a role; the last administrator cannot step down; a form without its CSRF token is refused', async () => {
    const changed = await follow(await post(`/espace/organisations/nantes/membres/${trainee.userId}/role`, admin, [['role', 'editor']]), admin);
    assert.match(changed.body, /Le rôle de Sam Stagiaire est maintenant : Éditeur\./);
    assert.equal(selected(changed.body, trainee.userId), 'editor');
    assert.equal(await roleOf(trainee.userId), 'editor');

    const lastAdmin = await post(`/espace/organisations/nantes/membres/${admin.userId}/role`, admin, [['role', 'viewer']]);
    assert.equal(lastAdmin.statusCode, 400);
    assert.match(lastAdmin.body, new RegExp(`id="role-${admin.userId}-error">Erreur : [^<]*administrat`));
    assert.equal(await roleOf(admin.userId), 'admin');

    const forged = await setup.app.inject({ method: 'POST', url: `/espace/organisations/nantes/membres/${trainee.userId}/role`, headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'role=admin' });
    assert.equal(forged.statusCode, 403);
    assert.equal(await roleOf(trainee.userId), 'editor');
  });

  test('an invitation goes by mail with its link; the page says to whom it was sent; a bad address is said by its field', async () => {
    const done = await follow(await post('/espace/organisations/nantes/invitations', admin, [['email', 'Nouvelle@Nantes.fr'], ['role', 'editor']]), admin);
    assert.match(done.body, /Invitation envoyée à nouvelle@nantes\.fr\./);
    const dir = setup.t.platform.config.mailboxDir;
    const mails = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const mail = mails.find((m) => m.includes('To: nouvelle@nantes.fr'));
    assert.ok(mail, 'a mail to the address invited');
    assert.match(mail, /http:\/\/localhost(:\d+)?\/invitation\?jeton=[\w-]+/);
    assert.match(mail, /Nantes/);

    const bad = await post('/espace/organisations/nantes/invitations', admin, [['email', 'pas-une-adresse'], ['role', 'viewer']]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="field-email-error"/);
    assert.match(bad.body, /value="pas-une-adresse"/);
    assert.match(bad.body, /<option value="viewer" selected>/);
    assert.equal((await post('/espace/organisations/nantes/invitations', editor, [['email', 'x@nantes.fr'], ['role', 'admin']])).statusCode, 403);
  });

  test('removing a member asks for a confirmation, then takes them out of the organisation', async () => {
    const confirm = await get(`/espace/organisations/nantes/membres/${trainee.userId}/retirer`, admin);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /<h1>Retirer Sam Stagiaire de Nantes \?<\/h1>/);
    assert.equal(await roleOf(trainee.userId), 'editor', 'nothing changes before the confirmation');
    const done = await follow(await post(`/espace/organisations/nantes/membres/${trainee.userId}/retirer`, admin, []), admin);
    assert.match(done.body, /Sam Stagiaire ne fait plus partie de l’organisation\./);
    assert.equal(await roleOf(trainee.userId), undefined);
    assert.doesNotMatch(done.body, /stagiaire@nantes\.fr/);
    assert.equal((await get(`/espace/organisations/nantes/membres/${trainee.userId}/retirer`, admin)).statusCode, 404);
  });

  test('a key is shown once, then only its prefix; it works on the API until it is revoked', async () => {
    const missing = await post('/espace/cles', editor, [['name', '']]);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Donnez un nom à la clé\./);
    assert.match(missing.body, /Cochez au moins une portée\./);

    const created = await post('/espace/cles', editor, [['name', 'Script de nuit'], ['scopes', 'read'], ['scopes', 'publish']]);
    assert.equal(created.statusCode, 200);
    assert.match(created.headers['cache-control'] as string, /no-store/);
    assert.match(created.body, /Copiez-la maintenant, elle ne sera plus affichée\./);
    const key = /id="new-key-value" type="text" readonly value="(tk_[\w-]+)"/.exec(created.body)?.[1];
    assert.ok(key, 'the key, in a read-only input');

    const list = await get('/espace/cles', editor);
    assert.ok(!list.body.includes(key), 'the key is not shown again');
    assert.ok(list.body.includes(`${key.slice(0, 8)}…`), 'its prefix is');
    assert.match(list.body, /Script de nuit/);
    assert.match(list.body, /read, publish/);

    const me = await setup.app.inject({ url: '/api/management/v1/me', headers: { authorization: `Apikey ${key}` } });
    assert.equal(me.statusCode, 200);
    const described = JSON.parse(me.body) as { kind: string; user: { email: string }; scopes: string[]; edits: string[] };
    assert.equal(described.kind, 'user_key');
    assert.equal(described.user.email, 'agent@nantes.fr');
    assert.deepEqual(described.scopes, ['read', 'publish']);
    assert.deepEqual(described.edits, ['nantes']);

    const keyId = /action="\/espace\/cles\/([\w-]+)\/revoquer"/.exec(list.body)?.[1];
    assert.ok(keyId);
    assert.equal((await post(`/espace/cles/${keyId}/revoquer`, admin, [])).statusCode, 404, 'another user’s key is not found');
    const revoked = await follow(await post(`/espace/cles/${keyId}/revoquer`, editor, []), editor);
    assert.match(revoked.body, /La clé Script de nuit est révoquée/);
    assert.match(revoked.body, /Révoquée le/);
    assert.equal((await setup.app.inject({ url: '/api/management/v1/me', headers: { authorization: `Apikey ${key}` } })).statusCode, 401);
  });

  test('an organisation’s keys are its administrators’: created and listed there, refused to an editor', async () => {
    const created = await post('/espace/organisations/nantes/cles', admin, [['name', 'Moissonneur'], ['scopes', 'read']]);
    assert.equal(created.statusCode, 200);
    assert.match(created.body, /<h1>Clés d’API de Nantes<\/h1>/);
    const key = /id="new-key-value" type="text" readonly value="(tk_[\w-]+)"/.exec(created.body)?.[1];
    assert.ok(key);
    const me = JSON.parse((await setup.app.inject({ url: '/api/management/v1/me', headers: { authorization: `Apikey ${key}` } })).body) as { kind: string; reads: string[] };
    assert.equal(me.kind, 'organisation_key');
    assert.deepEqual(me.reads, ['nantes']);
    assert.equal((await get('/espace/organisations/nantes/cles', editor)).statusCode, 403);
    assert.equal((await post('/espace/organisations/nantes/cles', editor, [['name', 'x'], ['scopes', 'read']])).statusCode, 403);
    assert.equal((await post('/espace/organisations/angers/cles', angersAdmin, [['name', 'Clé d’Angers'], ['scopes', 'read']])).statusCode, 200);
  });

  test('the log lists these actions, newest first, refusals marked; each administrator reads their organisations’ entries only', async () => {
    const page = await get('/espace/journal', admin);
    assert.equal(page.statusCode, 200);
    const body = page.body;
    for (const text of ['Rôle donné à un membre', 'Invitation envoyée', 'nouvelle@nantes.fr', 'Membre retiré', 'Clé d’API créée', 'Moissonneur', 'Refusé']) assert.ok(body.includes(text), text);
    assert.match(body, /<td>Claire Chef &lt;chef@nantes\.fr(&gt;|>)<\/td>/, 'who, by name and address');
    assert.match(body, /<tr class="refused">(?:(?!<\/tr>).)*Aline Agent(?:(?!<\/tr>).)*Accès à GET \/espace\/organisations\/:org\/membres/s);
    assert.ok(body.indexOf('Clé d’API créée') < body.indexOf('Invitation envoyée'), 'newest first');
    assert.doesNotMatch(body, /Clé d’Angers|Angers/);

    const angersPage = await get('/espace/journal', angersAdmin);
    assert.equal(angersPage.statusCode, 200);
    assert.match(angersPage.body, /Clé d’Angers/);
    assert.doesNotMatch(angersPage.body, /Invitation envoyée|Moissonneur|Sam Stagiaire/);
    assert.equal((await get('/espace/journal', editor)).statusCode, 403);
  });

  test('the log goes 50 entries a page, with a link to the older ones', async () => {
    for (let i = 0; i < 60; i++) await appendAudit(setup.t.platform.db, { actor: 'platform', action: 'dataset.update', target: `dataset:jeu-${i}`, organisationId: nantes.id });
    const first = await get('/espace/journal', admin);
    assert.equal((first.body.match(/<tr[ >]/g) ?? []).length, 51, 'a header row and 50 entries');
    assert.match(first.body, /jeu-59/);
    const older = /href="(\/espace\/journal\?avant=[a-z0-9]+)">Actions plus anciennes/.exec(first.body)?.[1];
    assert.ok(older);
    const second = await get(older, admin);
    assert.match(second.body, /jeu-0</);
    assert.doesNotMatch(second.body, /jeu-59/);
    assert.match(second.body, /Invitation envoyée/);
    assert.match(second.body, /Les plus récentes/);
  });

  test('the home page links to the members and keys of administered organisations, the personal keys and the log', async () => {
    const home = await get('/espace', admin);
    assert.match(home.body, /href="\/espace\/organisations\/nantes\/membres">Membres/);
    assert.match(home.body, /href="\/espace\/organisations\/nantes\/cles">Clés d’API/);
    assert.match(home.body, /href="\/espace\/cles">Mes clés d’API/);
    assert.match(home.body, /href="\/espace\/journal">Journal/);
    const editorHome = await get('/espace', editor);
    assert.match(editorHome.body, /href="\/espace\/cles">Mes clés d’API/);
    assert.doesNotMatch(editorHome.body, /\/membres"|\/espace\/journal/);
  });
});
