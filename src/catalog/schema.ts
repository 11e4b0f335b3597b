// The catalog's tables as Kysely sees them. Times are ISO 8601 text and JSON is text, so that the
// same migrations and the same queries run on SQLite and PostgreSQL; booleans are 0/1 integers.
import type { Insertable, Selectable } from 'kysely';

export const ORGANISATION_KINDS = ['region', 'departement', 'epci', 'commune', 'syndicat', 'partner', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const VISIBILITIES = ['public', 'restricted', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface OrganisationsTable {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
  siren: string | null;
  /** Code INSEE / COG of the territory (commune, département, région) or SIREN of an EPCI. */
  cog: string | null;
  parent_id: string | null;
  /** Ids from the top organisation down to this one, as `/a/b/c/`: a prefix test finds descendants. */
  path: string;
  population: number | null;
  created_at: string;
  /** 1 when the organisation lets its parent's administrators and editors manage its datasets (a département helping a commune). */
  administered_by_parent: number;
}

export interface PortalsTable {
  id: string;
  slug: string;
  title: string;
  /** JSON: colours and logo of the white-label site. */
  theme: string;
  home_text: string;
  /** The organisation whose datasets (and its descendants') the portal shows; null: everyone's. */
  scope_organisation_id: string | null;
  /** 1 for the portal answering on hosts that no portal claims. */
  is_default: number;
  created_at: string;
  /** JSON: the legal pages' Markdown and the accessibility status (portals.ts, PortalPages). */
  pages: string;
  /** JSON: the dataset ids the home page puts first. */
  featured: string;
}

export interface PortalHostnamesTable {
  hostname: string;
  portal_id: string;
}

export interface DatasetsTable {
  /** `da_…`, the ODS dataset_uid. */
  id: string;
  /** The public slug, unique on the platform. */
  dataset_id: string;
  owner_id: string;
  title: string;
  description: string;
  /** JSON: the other DCAT metadata (keywords, themes, licence, frequency, coverage, contact, schema…). */
  metas: string;
  visibility: Visibility;
  live_version_id: string | null;
  /** JSON: where the records come from (upload, url, push, harvest) and the facts of the last read. */
  source: string;
  created_at: string;
  /** Last change of metadata or data. */
  modified_at: string;
  /** Last publication of a new version. */
  data_updated_at: string | null;
  /** The field that identifies a record, for pushes (upsert and delete by key). */
  record_key: string | null;
  /** JSON: the processing steps replayed on every publish (src/ingest/steps.ts). */
  steps: string;
}

export interface DeltasTable {
  dataset_uid: string;
  /** Increases with each push batch of the dataset; part of ETags and cache keys. */
  seq: number;
  /** Parquet file of the batch, relative to the data directory. */
  file: string;
  upserts: number;
  deletes: number;
  created_at: string;
}

export interface VersionsTable {
  id: string;
  dataset_uid: string;
  number: number;
  /** Path of the Parquet file, relative to the data directory. */
  file: string;
  /** JSON: the field list (name, label, type, description, annotations). */
  fields: string;
  row_count: number;
  byte_size: number;
  /** sha256 of the Parquet file. */
  checksum: string;
  /** JSON: source facts (file name, encoding, delimiter…). */
  source: string;
  created_at: string;
  published_at: string | null;
  /** `name@version` of the Table Schema the version conforms to, null otherwise. */
  conforms_to: string | null;
  /** JSON: the validation report against the dataset's schema, null when it declares none. */
  validation: string | null;
}

export interface TableSchemasTable {
  id: string;
  name: string;
  title: string | null;
  version: string | null;
  /** JSON: the Table Schema descriptor, checked when added. */
  descriptor: string;
  source_url: string | null;
  added_by: string | null;
  created_at: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  dataset_uid: string | null;
  status: JobStatus;
  /** 0 to 1. */
  progress: number;
  /** JSON. */
  payload: string;
  /** JSON of the AppError (code, params, location) when it failed. */
  error: string | null;
  attempts: number;
  lease_until: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** What the job is doing: reading, typing, writing, publishing, done, failed… */
  phase: string | null;
  rows_read: number | null;
  bytes_read: number | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** sha256 of the key: keys are 256 random bits, so a fast hash cannot be reversed. */
  hash: string;
  /** The first characters of the key, to recognise it in a list. */
  prefix: string;
  /** JSON array of KEY_SCOPES: `read` (restricted data its owner may read), `publish`, `admin`. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** The user the key acts for, or null. */
  user_id: string | null;
  /** The organisation the key acts for, or null; neither: an operator key of the platform. */
  organisation_id: string | null;
}

export const KEY_SCOPES = ['read', 'publish', 'admin'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export const ROLES = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: string;
  /** Lowercased: one account per address. */
  email: string;
  name: string;
  /** scrypt, as `scrypt$N$r$p$salt$hash` (src/auth/passwords.ts); null for accounts that only sign in through OpenID Connect. */
  password_hash: string | null;
  /** `issuer|sub` of the OpenID Connect account linked to this user. */
  oidc_subject: string | null;
  is_platform_admin: number;
  /** Failed sign-ins since the last success: each one slows the next (src/auth/accounts.ts). */
  failed_sign_ins: number;
  last_failed_at: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie's token: a stolen database opens no session. */
  hash: string;
  user_id: string;
  /** The session's CSRF token, sent back by every form and by scripts in `X-CSRF-Token`. */
  csrf: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
}

export interface MembershipsTable {
  user_id: string;
  organisation_id: string;
  role: Role;
  created_at: string;
}

export type AccountTokenKind = 'invitation' | 'reset';

export interface AccountTokensTable {
  /** sha256 of the token sent by mail. */
  hash: string;
  kind: AccountTokenKind;
  email: string;
  /** The account a reset is for; null for the invitation of someone without an account yet. */
  user_id: string | null;
  /** Invitations: the organisation and role the invited person joins. */
  organisation_id: string | null;
  role: Role | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  /** Set when used: a token opens once. */
  used_at: string | null;
}

export type GranteeKind = 'organisation' | 'user' | 'key';

/** Who may read a `restricted` dataset besides its owner's members. */
export interface DatasetGrantsTable {
  dataset_uid: string;
  grantee_kind: GranteeKind;
  grantee_id: string;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  /** `user:ID`, `key:ID` or `platform`. */
  actor: string;
  /** What was done, as `dataset.delete`, `member.add`, `key.create`… */
  action: string;
  target: string | null;
  /** The organisation concerned, so that its administrators read its own entries. */
  organisation_id: string | null;
  /** JSON. */
  details: string;
  ip: string | null;
  /** `done`, or `refused` for an attempt without rights. */
  outcome: string;
}

export interface CatalogDatabase {
  organisations: OrganisationsTable;
  portals: PortalsTable;
  portal_hostnames: PortalHostnamesTable;
  datasets: DatasetsTable;
  versions: VersionsTable;
  table_schemas: TableSchemasTable;
  jobs: JobsTable;
  api_keys: ApiKeysTable;
  deltas: DeltasTable;
  attachments: AttachmentsTable;
  dataset_aliases: DatasetAliasesTable;
  dataset_push_keys: DatasetPushKeysTable;
  users: UsersTable;
  sessions: SessionsTable;
  memberships: MembershipsTable;
  account_tokens: AccountTokensTable;
  dataset_grants: DatasetGrantsTable;
  audit_log: AuditLogTable;
}

/** The push key of a dataset (migrations/0007-push-key.ts): OpenDataSoft's `pushkey`, hashed. */
export interface DatasetPushKeysTable {
  dataset_uid: string;
  /** sha256 of the key, hex: the key is shown once, never stored. */
  hash: string;
  created_at: string;
}

/** Another id of a dataset on one portal (migrations/0006-dataset-aliases.ts). */
export interface DatasetAliasesTable {
  portal_id: string;
  alias: string;
  dataset_uid: string;
  created_at: string;
}

export interface AttachmentsTable {
  dataset_uid: string;
  /** From the file name: `deliberation-2026-12.pdf` → `deliberation-2026-12_pdf`, as ODS makes them. */
  id: string;
  title: string;
  file_name: string;
  mimetype: string;
  /** Path in the blob store, relative to the data directory. */
  file: string;
  byte_size: number;
  created_at: string;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type PortalRow = Selectable<PortalsTable>;
export type DatasetRow = Selectable<DatasetsTable>;
export type VersionRow = Selectable<VersionsTable>;
export type TableSchemaRow = Selectable<TableSchemasTable>;
export type JobRow = Selectable<JobsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type DeltaRow = Selectable<DeltasTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type NewDataset = Insertable<DatasetsTable>;
export type UserRow = Selectable<UsersTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type AuditRow = Selectable<AuditLogTable>;
