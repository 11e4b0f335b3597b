// The audit log: every administrative action, and every refused attempt, with who, what, when and
// from where. Appended only; read by administrators (src/auth/audit.ts decides who reads what).
import type { CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';
import type { AuditRow } from './schema.js';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  organisationId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  outcome?: 'done' | 'refused';
}

export async function appendAudit(db: CatalogDb, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      // Time first: ids sort as the entries were written, for paging.
      id: `${Date.now().toString(36).padStart(9, '0')}${randomId(6)}`,
      at: nowIso(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      organisation_id: entry.organisationId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
      outcome: entry.outcome ?? 'done',
    })
    .execute();
}

export interface AuditFilter {
  /** Only these organisations' entries; undefined: all (platform administrators). */
  organisationIds?: string[];
  /** Entries older than this id (the previous page's last). */
  before?: string;
  limit: number;
}

export async function listAudit(db: CatalogDb, filter: AuditFilter): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.organisationIds) {
    if (filter.organisationIds.length === 0) return [];
    query = query.where('organisation_id', 'in', filter.organisationIds);
  }
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}
