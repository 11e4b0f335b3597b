// Every setting of the platform, declared once: name, environment variable, flag, type, default and
// one line of help. The CLI's --help, the validation at start-up and the README's table come from
// this list (a test fails when the README misses one). Nothing else reads process.env.
import path from 'node:path';
import { AppError } from './errors.js';

type SettingType = 'integer' | 'string' | 'enum' | 'list';

interface Setting {
  key: keyof Config;
  env: string;
  flag: string;
  type: SettingType;
  values?: readonly string[];
  /** The default as the README shows it. */
  defaultText: string;
  help: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite:<file>` or `postgres://…`; empty means the SQLite file of the data directory. */
  databaseUrl: string;
  versionsKept: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest file an upload may send, in bytes. */
  uploadMaxBytes: number;
  /** Hosts that remote URLs may reach even on loopback or a private network. */
  fetchAllowHosts: string[];
  fetchTimeoutMs: number;
  /** The most columns a file may have. */
  maxColumns: number;
  /** DuckDB's memory limit, e.g. `768MB`. */
  engineMemory: string;
  /** How long a reader's query may run, in ms (0: no limit). */
  queryTimeoutMs: number;
  validationTimeoutMs: number;
  /** Calls a day to the reading APIs per address for anonymous callers, per key otherwise (0: no limit). */
  rateLimitAnonymous: number;
  rateLimitKey: number;
  /** Addresses never counted (a benchmark on loopback, a trusted harvester). */
  rateLimitExempt: string[];
  /** Calls a minute to any API per address for anonymous callers, per key or user otherwise (0: no limit). */
  rateLimitMinuteAnonymous: number;
  rateLimitMinuteKey: number;
  /** Sign-in attempts per address in 15 minutes (0: no limit). */
  rateLimitSignIn: number;
  /** Reverse proxies whose X-Forwarded-For names the caller's address (addresses or CIDR ranges). */
  trustProxy: string[];
  /** The MapLibre style of the map tab's base map; empty: the data on a plain background, no tiles fetched. */
  mapStyleUrl: string;
  /** OpenID Connect sign-in (ProConnect): the provider's discovery URL; empty: no such sign-in. */
  oidcDiscoveryUrl: string;
  oidcClientId: string;
  oidcClientSecret: string;
  /** The provider's name, on the sign-in button. */
  oidcName: string;
  /** `smtp://user:pass@host:587`; empty: mails are written as files in mailboxDir. */
  smtpUrl: string;
  /** Where mails go without SMTP; empty means `<data dir>/mailbox`. */
  mailboxDir: string;
  mailFrom: string;
  /** The address of the platform in links sent by mail; empty: the host the request came to, if a portal claims it. */
  publicUrl: string;
}

export const SETTINGS: readonly Setting[] = [
  { key: 'port', env: 'PORT', flag: '--port', type: 'integer', defaultText: '3000', help: 'TCP port the server listens on' },
  { key: 'host', env: 'HOST', flag: '--host', type: 'string', defaultText: '0.0.0.0', help: 'address the server binds to' },
  {
    key: 'dataDir',
    env: 'TERRITOIRES_DATA_DIR',
    flag: '--data-dir',
    type: 'string',
    defaultText: './data',
    help: 'data directory: the SQLite catalog and the Parquet files of every dataset version',
  },
  {
    key: 'databaseUrl',
    env: 'DATABASE_URL',
    flag: '--database-url',
    type: 'string',
    defaultText: 'sqlite:<data dir>/catalog.sqlite',
    help: 'catalog store: `sqlite:FILE` (embedded) or `postgres://user@host:5432/db` (several nodes)',
  },
  {
    key: 'versionsKept',
    env: 'TERRITOIRES_VERSIONS_KEPT',
    flag: '--versions-kept',
    type: 'integer',
    defaultText: '3',
    help: 'versions of each dataset kept for rollback, the live one included; older files are removed',
  },
  {
    key: 'logLevel',
    env: 'LOG_LEVEL',
    flag: '--log-level',
    type: 'enum',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    defaultText: 'info',
    help: 'log level of the server (pino)',
  },
  {
    key: 'uploadMaxBytes',
    env: 'TERRITOIRES_UPLOAD_MAX_BYTES',
    flag: '--upload-max-bytes',
    type: 'integer',
    defaultText: '2147483648',
    help: 'largest file an upload may send, in bytes (2 GiB)',
  },
  {
    key: 'fetchAllowHosts',
    env: 'TERRITOIRES_FETCH_ALLOW_HOSTS',
    flag: '--fetch-allow-hosts',
    type: 'list',
    defaultText: '(none)',
    help: 'comma-separated hosts that remote URLs may reach although they are on this machine or a private network',
  },
  {
    key: 'fetchTimeoutMs',
    env: 'TERRITOIRES_FETCH_TIMEOUT_MS',
    flag: '--fetch-timeout-ms',
    type: 'integer',
    defaultText: '30000',
    help: 'how long a remote URL may take to answer, in milliseconds',
  },
  {
    key: 'maxColumns',
    env: 'TERRITOIRES_MAX_COLUMNS',
    flag: '--max-columns',
    type: 'integer',
    defaultText: '1000',
    help: 'the most columns a published file may have',
  },
  {
    key: 'engineMemory',
    env: 'TERRITOIRES_ENGINE_MEMORY',
    flag: '--engine-memory',
    type: 'string',
    defaultText: '768MB',
    help: 'memory the query engine (DuckDB) may use; beyond it, large sorts and joins spill to the data directory',
  },
  {
    key: 'queryTimeoutMs',
    env: 'TERRITOIRES_QUERY_TIMEOUT_MS',
    flag: '--query-timeout',
    type: 'integer',
    defaultText: '30000',
    help: 'longest a query of the Explore API (records, facets, catalog) may run, in ms, before it is stopped with a 503 (0: no limit); exports are streamed and not limited',
  },
  {
    key: 'validationTimeoutMs',
    env: 'TERRITOIRES_VALIDATION_TIMEOUT_MS',
    flag: '--validation-timeout',
    type: 'integer',
    defaultText: '120000',
    help: 'longest a validation against a Table Schema may run, in ms, on its own thread, before it is stopped with a 422 (0: no limit)',
  },
  {
    key: 'rateLimitAnonymous',
    env: 'TERRITOIRES_RATE_LIMIT_ANONYMOUS',
    flag: '--rate-limit-anonymous',
    type: 'integer',
    defaultText: '50000',
    help: 'calls a day to the Explore and v1 APIs per address without an API key or session, reset at midnight UTC; past it, 429 (0: no limit)',
  },
  {
    key: 'rateLimitKey',
    env: 'TERRITOIRES_RATE_LIMIT_KEY',
    flag: '--rate-limit-key',
    type: 'integer',
    defaultText: '1000000',
    help: 'calls a day to the Explore and v1 APIs per API key or signed-in user (0: no limit)',
  },
  {
    key: 'rateLimitExempt',
    env: 'TERRITOIRES_RATE_LIMIT_EXEMPT',
    flag: '--rate-limit-exempt',
    type: 'list',
    defaultText: '',
    help: 'comma-separated addresses whose calls are never counted (e.g. `127.0.0.1` for a benchmark)',
  },
  {
    key: 'rateLimitMinuteAnonymous',
    env: 'TERRITOIRES_RATE_LIMIT_MINUTE_ANONYMOUS',
    flag: '--rate-limit-minute-anonymous',
    type: 'integer',
    defaultText: '1200',
    help: 'calls a minute to any API (Explore, v1, management, push) per address without an API key or session; past it, 429 (0: no limit)',
  },
  {
    key: 'rateLimitMinuteKey',
    env: 'TERRITOIRES_RATE_LIMIT_MINUTE_KEY',
    flag: '--rate-limit-minute-key',
    type: 'integer',
    defaultText: '6000',
    help: 'calls a minute to any API per API key or signed-in user (0: no limit)',
  },
  {
    key: 'rateLimitSignIn',
    env: 'TERRITOIRES_RATE_LIMIT_SIGN_IN',
    flag: '--rate-limit-sign-in',
    type: 'integer',
    defaultText: '10',
    help: 'sign-in attempts per address in 15 minutes; past it, 429 (0: no limit)',
  },
  {
    key: 'trustProxy',
    env: 'TERRITOIRES_TRUST_PROXY',
    flag: '--trust-proxy',
    type: 'list',
    defaultText: '(none)',
    help: 'comma-separated addresses or CIDR ranges of the reverse proxies in front of the server, whose `X-Forwarded-For` gives the caller\'s address (for the limits per address and the logs)',
  },
  {
    key: 'mapStyleUrl',
    env: 'TERRITOIRES_MAP_STYLE_URL',
    flag: '--map-style-url',
    type: 'string',
    defaultText: '(none)',
    help: 'MapLibre style of the base map under the map tab, e.g. `https://tiles.openfreemap.org/styles/positron` or an IGN Plan style URL; empty: the data on a plain background, no tiles fetched',
  },
  {
    key: 'oidcDiscoveryUrl',
    env: 'TERRITOIRES_OIDC_DISCOVERY_URL',
    flag: '--oidc-discovery-url',
    type: 'string',
    defaultText: '(none)',
    help: 'sign-in through an OpenID Connect provider (ProConnect for public agents): its discovery URL, for ProConnect `https://<its domain>/api/v2/.well-known/openid-configuration`; empty: no such sign-in',
  },
  { key: 'oidcClientId', env: 'TERRITOIRES_OIDC_CLIENT_ID', flag: '--oidc-client-id', type: 'string', defaultText: '(none)', help: 'client id the OpenID Connect provider gave this platform' },
  { key: 'oidcClientSecret', env: 'TERRITOIRES_OIDC_CLIENT_SECRET', flag: '--oidc-client-secret', type: 'string', defaultText: '(none)', help: 'client secret the OpenID Connect provider gave this platform' },
  { key: 'oidcName', env: 'TERRITOIRES_OIDC_NAME', flag: '--oidc-name', type: 'string', defaultText: 'ProConnect', help: 'name of the OpenID Connect provider on the sign-in button' },
  { key: 'smtpUrl', env: 'TERRITOIRES_SMTP_URL', flag: '--smtp-url', type: 'string', defaultText: '(none)', help: 'SMTP server that sends invitations and password resets, e.g. `smtps://user:password@smtp.example.fr:465`; empty: each mail is written as a .eml file in the mailbox folder' },
  { key: 'mailboxDir', env: 'TERRITOIRES_MAILBOX_DIR', flag: '--mailbox-dir', type: 'string', defaultText: '<data dir>/mailbox', help: 'folder where mails are written as .eml files when no SMTP server is set' },
  { key: 'mailFrom', env: 'TERRITOIRES_MAIL_FROM', flag: '--mail-from', type: 'string', defaultText: 'Territoires <territoires@localhost>', help: 'sender of the mails the platform sends' },
  { key: 'publicUrl', env: 'TERRITOIRES_PUBLIC_URL', flag: '--public-url', type: 'string', defaultText: '(none)', help: 'address of the platform in links sent by mail, e.g. `https://data.example.fr`; empty: the host the request came to, when a portal claims it' },
];

const DEFAULTS: Config = {
  port: 3000,
  host: '0.0.0.0',
  dataDir: './data',
  databaseUrl: '',
  versionsKept: 3,
  logLevel: 'info',
  uploadMaxBytes: 2 * 1024 ** 3,
  fetchAllowHosts: [],
  fetchTimeoutMs: 30_000,
  maxColumns: 1000,
  engineMemory: '768MB',
  queryTimeoutMs: 30_000,
  validationTimeoutMs: 120_000,
  rateLimitAnonymous: 50_000,
  rateLimitKey: 1_000_000,
  rateLimitExempt: [],
  rateLimitMinuteAnonymous: 1200,
  rateLimitMinuteKey: 6000,
  rateLimitSignIn: 10,
  trustProxy: [],
  mapStyleUrl: '',
  oidcDiscoveryUrl: '',
  oidcClientId: '',
  oidcClientSecret: '',
  oidcName: 'ProConnect',
  smtpUrl: '',
  mailboxDir: '',
  mailFrom: 'Territoires <territoires@localhost>',
  publicUrl: '',
};

/** Flag values win over environment variables, which win over defaults. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  flags: Record<string, string | undefined> = {},
): Config {
  const config: Config = { ...DEFAULTS };
  for (const setting of SETTINGS) {
    const raw = flags[setting.flag] ?? env[setting.env];
    if (raw === undefined || raw === '') continue;
    const where = flags[setting.flag] !== undefined ? setting.flag : setting.env;
    (config as unknown as Record<string, unknown>)[setting.key] = parseSetting(setting, raw, where);
  }
  if (config.versionsKept < 1) throw new AppError('CONFIG_INVALID', { setting: 'TERRITOIRES_VERSIONS_KEPT', value: String(config.versionsKept), expected: '≥ 1' });
  config.dataDir = path.resolve(config.dataDir);
  if (!config.databaseUrl) config.databaseUrl = `sqlite:${path.join(config.dataDir, 'catalog.sqlite')}`;
  config.mailboxDir = config.mailboxDir ? path.resolve(config.mailboxDir) : path.join(config.dataDir, 'mailbox');
  return config;
}

function parseSetting(setting: Setting, raw: string, where: string): unknown {
  switch (setting.type) {
    case 'integer': {
      if (!/^\d+$/.test(raw)) throw new AppError('CONFIG_INVALID', { setting: where, value: raw, expected: 'a whole number', expected_fr: 'un nombre entier' });
      return Number(raw);
    }
    case 'enum': {
      if (!setting.values?.includes(raw)) {
        throw new AppError('CONFIG_INVALID', { setting: where, value: raw, expected: setting.values?.join(', ') ?? '' });
      }
      return raw;
    }
    case 'string':
      return raw;
    case 'list':
      return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  }
}

/** The settings as a Markdown table, for the README and `territoires serve --help`. */
export function settingsTable(): string {
  const rows = SETTINGS.map((s) => `| \`${s.env}\` | \`${s.flag}\` | \`${s.defaultText}\` | ${s.help} |`);
  return ['| environment variable | flag | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function settingsHelp(): string {
  return SETTINGS.map((s) => `  ${s.flag.padEnd(20)} ${s.help} (env ${s.env}, default ${s.defaultText})`).join('\n');
}
