// The account pages as a browser uses them (plain forms, cookies): sign-in and sign-out, the CSRF
// token of session-authenticated posts, the forgotten-password and invitation links.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createUser, inviteMember } from '../../src/auth/index.js';
import { listMembershipsOfUser, topOrganisation } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('account pages', () => {
  let setup: TestApp;

  before(async () => {
    // Sign-in attempts are many here, all from one address: the limit per address is another test's.
    setup = await testApp({ env: { TERRITOIRES_RATE_LIMIT_SIGN_IN: '0' } });
    await createUser(setup.t.platform.db, { email: 'anne@nantes.fr', name: 'Anne Martin', password: 'une phrase de passe' });
  });
  after(async () => setup?.dispose());

  const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    setup.app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: new URLSearchParams(form).toString() });
  const get = (url: string, headers: Record<string, string> = {}) => setup.app.inject({ url, headers });
  const cookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const mails = () => {
    const dir = setup.t.platform.config.mailboxDir;
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((name) => fs.readFileSync(path.join(dir, name), 'utf8')) : [];
  };

  async function signedIn(): Promise<{ cookie: string; csrf: string }> {
    const response = await post('/connexion', { email: 'anne@nantes.fr', password: 'une phrase de passe' });
    assert.equal(response.statusCode, 303);
    const cookie = cookieOf(response);
    // The layout's sign-out form carries the session's token.
    return { cookie, csrf: csrfIn((await get('/explore/', { cookie })).body) };
  }

  test('the sign-in form labels its fields and names what browsers may fill in', async () => {
    const page = await get('/connexion');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<label for="email">Adresse électronique/);
    assert.match(page.body, /<input id="email" name="email" type="email" autocomplete="username"/);
    assert.match(page.body, /<label for="password">Mot de passe/);
    assert.match(page.body, /type="password" autocomplete="current-password"/);
    assert.match(page.body, /href="\/mot-de-passe-oublie"/);
    assert.match((await get('/connexion?lang=en')).body, /<label for="email">Email address/);
  });

  test('signing in sets an HttpOnly, SameSite cookie and goes to the back-office', async () => {
    const response = await post('/connexion', { email: 'Anne@Nantes.fr', password: 'une phrase de passe' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/espace');
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /^territoires_session=[\w-]{43}; /);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Path=\//);
    assert.doesNotMatch(cookie, /; Secure/, 'plain http here');
  });

  test('a wrong password is a 401 with the message in the page, in French or English', async () => {
    const french = await post('/connexion', { email: 'anne@nantes.fr', password: 'pas le bon mot de passe' });
    assert.equal(french.statusCode, 401);
    assert.equal(french.headers['set-cookie'], undefined);
    assert.match(french.body, /<title>Erreur : Connexion/);
    assert.match(french.body, /<div class="error-summary" role="alert"[^>]*>.*<a href="#email">Adresse électronique ou mot de passe incorrect\.<\/a>/);
    assert.match(french.body, /value="anne@nantes.fr"/, 'the address typed is kept');
    const unknown = await post('/connexion', { email: 'personne@nantes.fr', password: 'pas le bon mot de passe' });
    assert.equal(unknown.statusCode, 401);
    assert.match(unknown.body, /Adresse électronique ou mot de passe incorrect\./);
    const english = await post('/connexion?lang=en', { email: 'anne@nantes.fr', password: 'pas le bon mot de passe' });
    assert.match(english.body, /Wrong email address or password\./);
  });

  test('only a local path is followed after sign-in', async () => {
    const form = { email: 'anne@nantes.fr', password: 'une phrase de passe' };
    assert.equal((await post('/connexion', { ...form, retour: '/explore/?q=piscines' })).headers.location, '/explore/?q=piscines');
    for (const retour of ['//evil.example', 'https://evil.example/', '/\\evil.example']) {
      assert.equal((await post('/connexion', { ...form, retour })).headers.location, '/espace', retour);
    }
    const page = await get('/connexion?retour=//evil.example');
    assert.doesNotMatch(page.body, /name="retour" value="\/\/evil/);
  });

  test('signed in, the header names the user and signs out with a form carrying the CSRF token', async () => {
    const { cookie } = await signedIn();
    const page = await get('/explore/', { cookie });
    assert.match(page.body, /Mon espace \(Anne Martin\)/);
    assert.match(page.body, /<form method="post" action="\/deconnexion" class="sign-out"><input type="hidden" name="_csrf" value="[\w-]{43}"\/><button type="submit">Se déconnecter<\/button>/);
    assert.equal(page.headers['cache-control'], 'private, no-cache');
    const signedOut = await get('/explore/');
    assert.match(signedOut.body, /<a href="\/connexion\?retour=%2Fexplore%2F">Se connecter<\/a>/);
  });

  test('a post authenticated by the session cookie needs its CSRF token; with it, sign-out ends the session', async () => {
    const { cookie, csrf } = await signedIn();
    assert.ok(csrf);
    const without = await post('/deconnexion', {}, { cookie });
    assert.equal(without.statusCode, 403);
    assert.match(without.body, /Le formulaire a expiré ou ne vient pas de ce site/);
    const wrong = await post('/deconnexion', {}, { cookie, 'x-csrf-token': 'not-the-token' });
    assert.equal(wrong.statusCode, 403);
    // The same check on the API: a script in the page sends the header.
    const api = await setup.app.inject({ method: 'POST', url: '/api/management/v1/organisations', headers: { cookie }, payload: { name: 'X', kind: 'commune' } });
    assert.equal(api.statusCode, 403);
    assert.equal(api.json().code, 'CSRF_INVALID');
    // A multipart upload to the API under the cookie needs the header too (a cross-site form cannot send it).
    const boundary = 'territoires-csrf';
    const multipart = { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie };
    const upload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na;b\n1;2\n\r\n--${boundary}--\r\n`;
    const forged = await setup.app.inject({ method: 'PUT', url: '/api/management/v1/datasets/csrf-test/data', headers: multipart, payload: upload });
    assert.equal(forged.statusCode, 403, forged.body);
    assert.equal(forged.json().code, 'CSRF_INVALID');
    const scripted = await setup.app.inject({ method: 'PUT', url: '/api/management/v1/datasets/csrf-test/data', headers: { ...multipart, 'x-csrf-token': csrf }, payload: upload });
    assert.notEqual(scripted.json().code, 'CSRF_INVALID', 'with the header the request reaches the route (where rights decide)');

    const signOut = await post('/deconnexion', { _csrf: csrf }, { cookie });
    assert.equal(signOut.statusCode, 303);
    assert.equal(signOut.headers.location, '/');
    assert.match(String(signOut.headers['set-cookie']), /territoires_session=;/);
    // The old cookie opens nothing any more.
    assert.match((await get('/explore/', { cookie })).body, />Se connecter</);
    const again = await post('/deconnexion', {}, { cookie });
    assert.equal(again.statusCode, 303, 'without a session there is nothing to protect');
  });

  test('the header X-CSRF-Token is accepted too', async () => {
    const { cookie, csrf } = await signedIn();
    const signOut = await post('/deconnexion', {}, { cookie, 'x-csrf-token': csrf });
    assert.equal(signOut.statusCode, 303);
  });

  test('a forgotten password: the same answer for any address, a mailed link that works once', async () => {
    const before = mails().length;
    const unknown = await post('/mot-de-passe-oublie', { email: 'personne@nantes.fr' });
    assert.equal(unknown.statusCode, 200);
    assert.equal(mails().length, before);
    const known = await post('/mot-de-passe-oublie', { email: 'anne@nantes.fr' });
    assert.equal(known.statusCode, 200);
    assert.equal(known.body.replace(/anne@nantes\.fr/g, 'X'), unknown.body.replace(/personne@nantes\.fr/g, 'X'));
    assert.equal(mails().length, before + 1);
    const link = /http:\/\/localhost(?::80)?(\/reinitialiser\?jeton=[\w-]+)/.exec(mails().at(-1) ?? '')?.[1] ?? '';
    assert.ok(link);

    const form = await get(link);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /autocomplete="new-password"/);
    // The token in the URL goes to no other site: at most the origin is sent as Referer.
    assert.equal(form.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    const jeton = link.split('=')[1] ?? '';
    const short = await post('/reinitialiser', { jeton, password: 'court' });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /<p class="field-error" id="password-error">Le mot de passe doit compter au moins 10 caractères\.<\/p>/);
    const done = await post('/reinitialiser', { jeton, password: 'un nouveau mot de passe' });
    assert.equal(done.statusCode, 303);
    assert.match(String(done.headers['set-cookie']), /territoires_session=/);
    const reused = await post('/reinitialiser', { jeton, password: 'encore un autre mot de passe' });
    assert.equal(reused.statusCode, 400);
    assert.match(reused.body, /Ce lien est invalide, a expiré ou a déjà servi/);
    assert.equal((await post('/connexion', { email: 'anne@nantes.fr', password: 'un nouveau mot de passe' })).statusCode, 303);
  });

  test('a reset link never points to a host that no portal claims', async () => {
    const response = await setup.app.inject({ method: 'POST', url: '/mot-de-passe-oublie', headers: { ...FORM, host: 'evil.example' }, payload: 'email=anne%40nantes.fr' });
    assert.equal(response.statusCode, 503);
    assert.ok(mails().every((mail) => !mail.includes('evil.example')));
  });

  test('an invitation link creates the account, signs it in and adds the membership', async () => {
    const region = (await topOrganisation(setup.t.platform.db))!;
    const { token } = await inviteMember(setup.t.platform.db, setup.t.platform.mailer, { email: 'paul@nantes.fr', organisationId: region.id, role: 'viewer', invitedBy: null, baseUrl: 'http://localhost' });
    const page = await get(`/invitation?jeton=${token}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<label for="name">Nom et prénom/);
    assert.match(page.body, /autocomplete="name"/);
    const missing = await post('/invitation', { jeton: token, name: '', password: 'une phrase de passe' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /<a href="#name">/);
    const accepted = await post('/invitation', { jeton: token, name: 'Paul Durand', password: 'une phrase de passe' });
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, '/espace');
    const user = await setup.t.platform.db.selectFrom('users').selectAll().where('email', '=', 'paul@nantes.fr').executeTakeFirstOrThrow();
    assert.deepEqual((await listMembershipsOfUser(setup.t.platform.db, user.id)).map((m) => m.role), ['viewer']);
    assert.equal((await get(`/invitation?jeton=${token}`)).statusCode, 400);
  });
});
