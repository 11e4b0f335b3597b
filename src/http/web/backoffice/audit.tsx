// `/espace/journal`: the audit log, 50 entries a page, `?avant=<id>` for the older ones. Who reads
// which entries is readAudit's rule (src/auth/access.ts); here the stored references
// (`user:ID`, `key:ID`, organisation ids) are turned into the names a reader recognises.
import type { FastifyInstance } from 'fastify';
import { isPlatformAdmin, readAudit } from '../../../auth/index.js';
import { findApiKeyById, findUserById, listOrganisations, ROLES, type AuditRow, type CatalogDb, type Role } from '../../../catalog/index.js';
import type { Platform } from '../../../platform.js';
import { renderPage } from '../../../web/index.js';
import { AuditPage, type AuditEntryView } from '../../../web/pages/backoffice/audit.js';
import { requireSession } from '../../session.js';
import { siteOf } from '../site.js';
import { field, formBody, privatePage } from './forms.js';

const PAGE_SIZE = 50;

export async function auditRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const { db } = platform;

  app.get('/espace/journal', async (request, reply) => {
    requireSession(request);
    // Entry ids are base 36 (catalog/audit.ts); anything else is ignored rather than looked up.
    const before = /^[a-z0-9]{1,40}$/.exec(field(formBody(request.query), 'avant'))?.[0];
    const entries = await readAudit(db, { caller: request.caller, ip: request.ip }, { before, limit: PAGE_SIZE });
    const views = await viewsOf(db, entries);
    const olderThan = entries.length === PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null;
    return privatePage(reply).send(renderPage(<AuditPage site={siteOf(request)} entries={views} olderThan={olderThan} paged={before !== undefined} platformWide={isPlatformAdmin(request.caller)} />));
  });
}

/** The entries with names instead of ids; each user, key and organisation read once a page. */
async function viewsOf(db: CatalogDb, entries: AuditRow[]): Promise<AuditEntryView[]> {
  const organisations = new Map((await listOrganisations(db)).map((o) => [o.id, o.name]));
  const names = new Map<string, string>();
  const nameOf = async (reference: string | null): Promise<string> => {
    if (!reference) return '';
    const known = names.get(reference);
    if (known !== undefined) return known;
    const name = await lookUp(db, reference, organisations);
    names.set(reference, name);
    return name;
  };
  const views: AuditEntryView[] = [];
  for (const entry of entries) {
    const details = detailsOf(entry.details);
    views.push({
      id: entry.id,
      at: entry.at,
      who: await nameOf(entry.actor),
      action: entry.action,
      target: await nameOf(entry.target),
      organisation: entry.organisation_id ? (organisations.get(entry.organisation_id) ?? entry.organisation_id) : '',
      outcome: entry.outcome === 'refused' ? 'refused' : 'done',
      ip: entry.ip ?? '',
      role: (ROLES as readonly unknown[]).includes(details.role) ? (details.role as Role) : null,
    });
  }
  return views;
}

/** `user:ID` → "Name <address>", `key:ID` → the key's name, `organisation:ID` → its name, `email:a` → a. */
async function lookUp(db: CatalogDb, reference: string, organisations: Map<string, string>): Promise<string> {
  const colon = reference.indexOf(':');
  const [kind, id] = colon > 0 ? [reference.slice(0, colon), reference.slice(colon + 1)] : ['', reference];
  switch (kind) {
    case 'user': {
      const user = await findUserById(db, id);
      return user ? (user.name ? `${user.name} <${user.email}>` : user.email) : reference;
    }
    case 'key': {
      const key = await findApiKeyById(db, id);
      return key ? `${key.name} (${key.prefix}…)` : reference;
    }
    case 'organisation':
      return organisations.get(id) ?? reference;
    case 'email':
    case 'dataset':
      return id;
    default:
      return reference;
  }
}

function detailsOf(json: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(json) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
