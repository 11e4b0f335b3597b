// Sign-in through one OpenID Connect provider — ProConnect, the State's sign-in for public agents,
// or any other the operator configures by its discovery URL, client id and secret. The protocol
// (discovery, PKCE, state, nonce, the ID token's issuer, audience, expiry and signature against the
// provider's JWKS) is openid-client's; here: which provider, and which account the identity it
// vouches for is. The provider proves who someone is, never what they may do: memberships come
// from an invitation or an administrator.
import * as client from 'openid-client';
import { findUserByEmail, findUserByOidcSubject, insertUser, updateUser, type CatalogDb, type UserRow } from '../catalog/index.js';
import type { Config } from '../config.js';
import { AppError, describeError } from '../errors.js';

export interface OidcSettings {
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** The provider's name, for the button and the messages. */
  name: string;
  timeoutSeconds: number;
}

/** What the browser keeps between leaving for the provider and coming back (a short-lived cookie). */
export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  /** The local path to land on once signed in. */
  retour: string;
}

/** Who the provider says signed in. */
export interface OidcIdentity {
  /** `issuer|sub`: a `sub` is only unique at its issuer (OIDC Core §2). */
  subject: string;
  email: string | null;
  /** The `email_verified` claim as sent; ProConnect does not send it (see userFromOidcIdentity). */
  emailVerified: boolean | undefined;
  name: string;
}

export function oidcSettings(config: Config): OidcSettings | null {
  if (config.oidcDiscoveryUrl === '' || config.oidcClientId === '') return null;
  return {
    discoveryUrl: config.oidcDiscoveryUrl,
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecret,
    name: config.oidcName || 'ProConnect',
    timeoutSeconds: Math.max(1, Math.ceil(config.fetchTimeoutMs / 1000)),
  };
}

/**
 * The sign-in page's button, or null when no provider is configured. `label` is the provider's name:
 * the page words the button in its language ("Se connecter avec {label}").
 */
export function oidcSignInLink(config: Config, prefix = '', retour?: string): { href: string; label: string } | null {
  const settings = oidcSettings(config);
  if (!settings) return null;
  const query = retour ? `?retour=${encodeURIComponent(retour)}` : '';
  return { href: `${prefix}/connexion/oidc${query}`, label: settings.name };
}

// One provider per platform configuration, so that discovery and the JWKS are fetched once.
const providers = new WeakMap<Config, OidcProvider>();

export function oidcProvider(config: Config): OidcProvider | null {
  const settings = oidcSettings(config);
  if (!settings) return null;
  let provider = providers.get(config);
  if (!provider) providers.set(config, (provider = new OidcProvider(settings)));
  return provider;
}

export class OidcProvider {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  /** The provider's URL to send the browser to, and what to keep until it comes back. */
  async start(redirectUri: string, retour: string): Promise<{ url: string; transaction: OidcTransaction }> {
    const configuration = await this.discover();
    // As a URL writes it (`http://host:80/` → `http://host/`): finish() sends it again that way, and
    // the provider compares the two as strings (RFC 6749 §4.1.3).
    redirectUri = new URL(redirectUri).href;
    const transaction: OidcTransaction = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), redirectUri, retour };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: scopeFor(configuration.serverMetadata().scopes_supported),
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, transaction };
  }

  /** Checks the provider's answer and exchanges its code; any failure is OIDC_FAILED. */
  async finish(callbackQuery: URLSearchParams, transaction: OidcTransaction): Promise<OidcIdentity> {
    const configuration = await this.discover();
    const currentUrl = new URL(transaction.redirectUri);
    currentUrl.search = callbackQuery.toString();
    try {
      const tokens = await client.authorizationCodeGrant(
        configuration,
        currentUrl,
        // The redirect_uri sent again is currentUrl without its query: the one of start().
        { pkceCodeVerifier: transaction.verifier, expectedState: transaction.state, expectedNonce: transaction.nonce, idTokenExpected: true },
      );
      const idToken = tokens.claims();
      if (!idToken) throw new Error('no ID token');
      let claims: Record<string, unknown> = idToken;
      // ProConnect gives the address only at the UserInfo endpoint (as a signed JWT, checked too).
      if (typeof claims.email !== 'string' && configuration.serverMetadata().userinfo_endpoint) {
        claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...idToken };
      }
      return identityOf(idToken.iss, idToken.sub, claims);
    } catch (error) {
      throw this.failure(error);
    }
  }

  failure(error: unknown, reasonFr?: string): AppError {
    if (error instanceof AppError) return error;
    // The provider's own words when it refused (access_denied when the agent cancelled…).
    const refused = error as { error?: unknown; error_description?: unknown };
    const reason = typeof refused.error === 'string' ? [refused.error, refused.error_description].filter((part) => typeof part === 'string').join(': ') : describeError(error);
    return new AppError('OIDC_FAILED', { provider: this.settings.name, reason, reason_fr: reasonFr ?? `réponse refusée (${reason})` });
  }

  private discover(): Promise<client.Configuration> {
    if (!this.configuration) {
      this.configuration = this.fetchConfiguration();
      // A provider down at one sign-in is asked again at the next, not remembered as broken.
      this.configuration.catch(() => (this.configuration = null));
    }
    return this.configuration;
  }

  private async fetchConfiguration(): Promise<client.Configuration> {
    const { discoveryUrl, clientId, clientSecret, timeoutSeconds } = this.settings;
    let url: URL;
    try {
      url = new URL(discoveryUrl);
    } catch {
      throw this.failure(new Error(`invalid discovery URL ${discoveryUrl}`), `URL de découverte invalide ${discoveryUrl}`);
    }
    // Discovery from the issuer, not from the document itself, so that openid-client checks the
    // document's `issuer` is the URL it came from (OIDC Discovery §4.3).
    const issuer = new URL(url.href.replace(/\/\.well-known\/openid-configuration\/?$/, ''));
    // openid-client refuses plain http. A provider on this machine (the tests', a developer's) is
    // allowed it: loopback traffic never leaves the host, so TLS protects nothing there.
    const execute = [client.enableNonRepudiationChecks];
    if (url.protocol === 'http:' && isLoopback(url.hostname)) execute.push(client.allowInsecureRequests);
    try {
      // enableNonRepudiationChecks: the ID token's signature is checked against the provider's JWKS
      // even though it came over TLS (OIDC Core §3.1.3.7 would allow skipping it).
      return await client.discovery(issuer, clientId, clientSecret || undefined, undefined, { execute, timeout: timeoutSeconds });
    } catch (error) {
      throw this.failure(error, `découverte impossible (${describeError(error)})`);
    }
  }
}

/**
 * The account of an identity: the one already linked to it; else the one with its address, which
 * gets linked; else a new account without password. Never a membership.
 */
export async function userFromOidcIdentity(db: CatalogDb, identity: OidcIdentity, providerName: string): Promise<UserRow> {
  const refuse = (reason: string, reason_fr: string) => new AppError('OIDC_FAILED', { provider: providerName, reason, reason_fr });
  let user = await findUserByOidcSubject(db, identity.subject);
  if (!user) {
    if (!identity.email) throw refuse('the provider gave no e-mail address', "le fournisseur n'a transmis aucune adresse électronique");
    // OIDC Core §5.1: email_verified false means the provider did not check the address; linking
    // or creating an account on it would hand that address to whoever typed it. ProConnect leaves
    // the claim out: its identity providers only hand out professional addresses they checked.
    if (identity.emailVerified === false) throw refuse('the provider has not verified this e-mail address', "le fournisseur n'a pas vérifié cette adresse électronique");
    const byEmail = await findUserByEmail(db, identity.email);
    if (byEmail?.oidc_subject) throw refuse('this e-mail address is already linked to another identity', 'cette adresse électronique est déjà liée à une autre identité');
    if (byEmail) {
      await updateUser(db, byEmail.id, { oidc_subject: identity.subject });
      user = { ...byEmail, oidc_subject: identity.subject };
    } else {
      user = await insertUser(db, { email: identity.email, name: identity.name, oidcSubject: identity.subject });
    }
  }
  if (user.disabled_at) throw refuse('this account is disabled', 'ce compte est désactivé');
  return user;
}

function identityOf(issuer: string, sub: string, claims: Record<string, unknown>): OidcIdentity {
  const text = (name: string) => (typeof claims[name] === 'string' && (claims[name] as string).trim() !== '' ? (claims[name] as string).trim() : null);
  const email = text('email');
  // ProConnect names the family name `usual_name`; others `family_name`.
  const composed = [text('given_name'), text('usual_name') ?? text('family_name')].filter((part) => part !== null).join(' ');
  return {
    subject: `${issuer}|${sub}`,
    email,
    emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
    name: text('name') ?? (composed || email || sub),
  };
}

/** `openid email`, and the profile scopes the provider lists (ProConnect has no `profile`). */
function scopeFor(supported: string[] | undefined): string {
  const wanted = ['openid', 'email', 'profile', 'given_name', 'usual_name'];
  return wanted.filter((scope) => scope === 'openid' || scope === 'email' || (supported ? supported.includes(scope) : scope === 'profile')).join(' ');
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
