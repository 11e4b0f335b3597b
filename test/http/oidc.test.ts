// Sign-in through an OpenID Connect provider, against a small but real provider started here on
// 127.0.0.1: discovery document, authorize endpoint, token endpoint with PKCE and client secret,
// RS256 ID tokens signed with a key of its own, published as a JWKS. Tests can make it misbehave
// (wrong audience, wrong nonce, another key) as a hostile or broken provider would.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SESSION_COOKIE, sessionOf } from '../../src/auth/index.js';
import { createPortal, findUserByEmail, insertUser, listMembershipsOfUser } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';

interface Login {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  usual_name?: string;
  /** As ProConnect does: the ID token holds `sub` only, the rest is at the UserInfo endpoint. */
  onlyAtUserInfo?: boolean;
}

interface Tamper {
  aud?: string;
  nonce?: string;
  key?: KeyObject;
}

const CLIENT_ID = 'territoires-test';
const CLIENT_SECRET = 'secret-of-the-test-client';

/** An OpenID provider: enough of OIDC Core and Discovery for the authorization code flow. */
async function startProvider() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { login: Login; nonce: string; challenge: string; redirectUri: string }>();
  const accessTokens = new Map<string, Login>();
  const state = { login: { sub: 'agent-1', email: 'agent@nantes.fr', email_verified: true, name: 'Camille Agent' } as Login, tamper: {} as Tamper };
  let issuer = '';

  const idToken = (login: Login, nonce: string) => {
    const now = Math.floor(Date.now() / 1000);
    const { sub, onlyAtUserInfo, ...profile } = login;
    const claims = { iss: issuer, sub, aud: state.tamper.aud ?? CLIENT_ID, iat: now, exp: now + 300, nonce: state.tamper.nonce ?? nonce, ...(onlyAtUserInfo ? {} : profile) };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const signed = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${encode(claims)}`;
    return `${signed}.${sign('sha256', Buffer.from(signed), state.tamper.key ?? privateKey).toString('base64url')}`;
  };

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        userinfo_endpoint: `${issuer}/userinfo`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'email', 'profile'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      // The agent signs in here; the provider sends the browser back with a one-time code.
      const q = url.searchParams;
      if (q.get('client_id') !== CLIENT_ID || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('scope')?.split(' ').includes('openid')) {
        return json(400, { error: 'invalid_request' });
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, { login: state.login, nonce: q.get('nonce') ?? '', challenge: q.get('code_challenge') ?? '', redirectUri: q.get('redirect_uri') ?? '' });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      return response.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) return json(401, { error: 'invalid_client' });
      if (!grant || grant.redirectUri !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
        return json(400, { error: 'invalid_grant' });
      }
      const accessToken = randomBytes(16).toString('hex');
      accessTokens.set(accessToken, grant.login);
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 60, id_token: idToken(grant.login, grant.nonce) });
    }
    if (url.pathname === '/userinfo') {
      const login = accessTokens.get(request.headers.authorization?.replace(/^Bearer /, '') ?? '');
      if (!login) return response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      const { onlyAtUserInfo, ...claims } = login;
      return json(200, claims);
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let provider: Awaited<ReturnType<typeof startProvider>>;
let t: TestApp;

before(async () => {
  provider = await startProvider();
  t = await testApp({
    env: {
      TERRITOIRES_OIDC_DISCOVERY_URL: `${provider.issuer}/.well-known/openid-configuration`,
      TERRITOIRES_OIDC_CLIENT_ID: CLIENT_ID,
      TERRITOIRES_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    },
  });
  await createPortal(t.t.platform.db, { slug: 'region', title: 'Région', hostnames: [], scope: null, isDefault: true });
});

after(async () => {
  await t.dispose();
  await provider.close();
});

/** The browser's trip: our start page, the provider, back to our callback (which `edit` may spoil). */
async function signIn(options: { retour?: string; edit?: (callback: URL) => void } = {}) {
  const start = await t.app.inject({ url: `/connexion/oidc${options.retour ? `?retour=${encodeURIComponent(options.retour)}` : ''}` });
  assert.equal(start.statusCode, 303, start.body);
  const transaction = start.cookies.find((cookie) => cookie.name === 'territoires_oidc');
  assert.ok(transaction?.httpOnly, 'the transaction cookie is HttpOnly');
  const atProvider = await fetch(start.headers.location as string, { redirect: 'manual' });
  assert.equal(atProvider.status, 302);
  const callback = new URL(atProvider.headers.get('location') ?? '');
  options.edit?.(callback);
  const answer = await t.app.inject({ url: `${callback.pathname}${callback.search}`, headers: { cookie: `territoires_oidc=${transaction.value}` } });
  const session = answer.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  return { answer, token: session?.value };
}

test('the sign-in page offers the provider, keeping the page to come back to', async () => {
  const page = await t.app.inject({ url: '/connexion?retour=%2Fexplore%2F' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<a class="button" href="\/connexion\/oidc\?retour=%2Fexplore%2F">Se connecter avec ProConnect<\/a>/);
});

test('an agent signs in through the provider: a session opens and the account is made, without memberships', async () => {
  provider.state.login = { sub: 'agent-1', email: 'Camille.Agent@nantes.fr', email_verified: true, name: 'Camille Agent' };
  const { answer, token } = await signIn({ retour: '/explore/' });
  assert.equal(answer.statusCode, 303, answer.body);
  assert.equal(answer.headers.location, '/explore/');
  assert.ok(token, 'the session cookie is set');
  const session = await sessionOf(t.t.platform.db, token);
  assert.equal(session?.user.email, 'camille.agent@nantes.fr');
  assert.equal(session?.user.name, 'Camille Agent');
  assert.equal(session?.user.oidc_subject, `${provider.issuer}|agent-1`);
  assert.equal(session?.user.password_hash, null);
  assert.deepEqual(await listMembershipsOfUser(t.t.platform.db, session.user.id), []);
  // The next page the browser asks for knows who it is.
  const next = await t.app.inject({ url: '/explore/', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
  assert.match(next.body, /\(Camille Agent\)/);
  assert.match(next.body, /action="\/deconnexion"/);
});

test('without a retour, the agent lands on /espace; a retour to another site is ignored', async () => {
  provider.state.login = { sub: 'agent-1', email: 'camille.agent@nantes.fr', email_verified: true };
  assert.equal((await signIn()).answer.headers.location, '/espace');
  assert.equal((await signIn({ retour: '//evil.example/x' })).answer.headers.location, '/espace');
  assert.equal((await signIn({ retour: 'https://evil.example/x' })).answer.headers.location, '/espace');
});

test('the second sign-in finds the account by its subject, even when the address changed at the provider', async () => {
  provider.state.login = { sub: 'agent-1', email: 'c.agent@loire-atlantique.fr', email_verified: true };
  const { token } = await signIn();
  assert.ok(token);
  assert.equal((await sessionOf(t.t.platform.db, token))?.user.email, 'camille.agent@nantes.fr');
  assert.equal(await findUserByEmail(t.t.platform.db, 'c.agent@loire-atlantique.fr'), undefined);
});

test('an existing account with the verified address is linked to the identity', async () => {
  const existing = await insertUser(t.t.platform.db, { email: 'dominique@region.fr', name: 'Dominique', passwordHash: 'x' });
  provider.state.login = { sub: 'agent-2', email: 'dominique@region.fr', email_verified: true };
  const { token } = await signIn();
  assert.ok(token);
  const session = await sessionOf(t.t.platform.db, token);
  assert.equal(session?.user.id, existing.id);
  assert.equal(session?.user.oidc_subject, `${provider.issuer}|agent-2`);
});

test('a provider that gives the address only at its UserInfo endpoint (as ProConnect) signs in too', async () => {
  provider.state.login = { sub: 'agent-4', email: 'claude@cc-erdre.fr', given_name: 'Claude', usual_name: 'Martin', onlyAtUserInfo: true };
  const { token } = await signIn();
  assert.ok(token);
  const session = await sessionOf(t.t.platform.db, token);
  assert.equal(session?.user.email, 'claude@cc-erdre.fr');
  assert.equal(session?.user.name, 'Claude Martin');
});

test('an address the provider did not verify opens nothing', async () => {
  provider.state.login = { sub: 'agent-3', email: 'someone@region.fr', email_verified: false };
  const { answer, token } = await signIn();
  assert.equal(answer.statusCode, 502);
  assert.equal(token, undefined);
  assert.match(answer.body, /La connexion par ProConnect a échoué : le fournisseur n'a pas vérifié cette adresse électronique/);
});

test('a callback whose state is not the one this browser sent is refused', async () => {
  provider.state.login = { sub: 'agent-1', email: 'camille.agent@nantes.fr', email_verified: true };
  const { answer, token } = await signIn({ edit: (callback) => callback.searchParams.set('state', 'forged') });
  assert.equal(answer.statusCode, 502);
  assert.equal(token, undefined);
  assert.match(answer.body, /La connexion par ProConnect a échoué/);
  assert.match(answer.body, /state/);
});

test('a callback without the transaction cookie (another browser) is refused', async () => {
  const start = await t.app.inject({ url: '/connexion/oidc' });
  const atProvider = await fetch(start.headers.location as string, { redirect: 'manual' });
  const callback = new URL(atProvider.headers.get('location') ?? '');
  const answer = await t.app.inject({ url: `${callback.pathname}${callback.search}` });
  assert.equal(answer.statusCode, 502);
  assert.match(answer.body, /aucune connexion en cours dans ce navigateur/);
});

for (const [what, tamper] of [
  ['made for another client (audience)', { aud: 'another-client' }],
  ['with another nonce', { nonce: 'replayed-nonce' }],
  ['signed with a key not in the JWKS', { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }],
] as const) {
  test(`an ID token ${what} is refused`, async () => {
    provider.state.login = { sub: 'agent-1', email: 'camille.agent@nantes.fr', email_verified: true };
    provider.state.tamper = tamper;
    try {
      const { answer, token } = await signIn();
      assert.equal(answer.statusCode, 502, answer.body);
      assert.equal(token, undefined);
      assert.match(answer.body, /La connexion par ProConnect a échoué/);
    } finally {
      provider.state.tamper = {};
    }
  });
}

test('without a provider configured, the sign-in page has no button and /connexion/oidc says why with a 404', async () => {
  const bare = await testApp();
  try {
    await createPortal(bare.t.platform.db, { slug: 'region', title: 'Région', hostnames: [], scope: null, isDefault: true });
    assert.doesNotMatch((await bare.app.inject({ url: '/connexion' })).body, /ProConnect/);
    const answer = await bare.app.inject({ url: '/connexion/oidc' });
    assert.equal(answer.statusCode, 404);
    assert.match(answer.body, /La connexion par un fournisseur d'identité \(comme ProConnect\) n'est pas configurée/);
    const english = await bare.app.inject({ url: '/connexion/oidc?lang=en' });
    assert.match(english.body, /not set up on this platform/);
  } finally {
    await bare.dispose();
  }
});

test('a provider that cannot be reached is named in the error, and no session opens', async () => {
  const down = await testApp({ env: { TERRITOIRES_OIDC_DISCOVERY_URL: 'http://127.0.0.1:9/.well-known/openid-configuration', TERRITOIRES_OIDC_CLIENT_ID: 'x', TERRITOIRES_OIDC_NAME: 'AgentConnect' } });
  try {
    await createPortal(down.t.platform.db, { slug: 'region', title: 'Région', hostnames: [], scope: null, isDefault: true });
    const answer = await down.app.inject({ url: '/connexion/oidc' });
    assert.equal(answer.statusCode, 502);
    assert.match(answer.body, /La connexion par AgentConnect a échoué : découverte impossible/);
  } finally {
    await down.dispose();
  }
});
