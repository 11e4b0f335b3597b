// When a scheduled refresh fails, the people who can fix it hear of it: each administrator and
// editor of the dataset's organisation (and of the parents it lets manage its datasets) gets a
// mail in French then English, with the error as the job stored it (line, record, column) and
// the date of the last successful update, which the live version still serves.
import type { Mailer } from '../auth/index.js';
import type { CatalogDb } from '../catalog/index.js';
import type { AppError } from '../errors.js';

export async function mailRefreshFailure(db: CatalogDb, mailer: Mailer, publicUrl: string, datasetUid: string, error: AppError): Promise<string[]> {
  const dataset = await db.selectFrom('datasets').select(['dataset_id', 'title', 'owner_id', 'data_updated_at']).where('id', '=', datasetUid).executeTakeFirst();
  if (!dataset) return [];
  const recipients = await editorsOf(db, dataset.owner_id);
  const since = dataset.data_updated_at ? new Date(dataset.data_updated_at) : null;
  const fr = since ? since.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }) : 'jamais';
  const en = since ? since.toLocaleString('en-GB', { timeZone: 'Europe/Paris' }) : 'never';
  const link = publicUrl ? `${publicUrl.replace(/\/+$/, '')}/espace/jeux/${encodeURIComponent(dataset.dataset_id)}` : `/espace/jeux/${dataset.dataset_id}`;
  const where = [error.location.line && `ligne / line ${error.location.line}`, error.location.record && `enregistrement / record ${error.location.record}`, error.location.column && `colonne / column ${error.location.column}`].filter(Boolean).join(', ');
  const text = [
    `La mise à jour programmée du jeu « ${dataset.title} » (${dataset.dataset_id}) a échoué.`,
    `Erreur : ${error.messageFr}${where ? ` (${where})` : ''}`,
    `Les données en ligne n'ont pas changé : ce sont celles de la dernière mise à jour réussie, le ${fr}.`,
    `Voir le jeu et ses traitements : ${link}`,
    '',
    `The scheduled refresh of the dataset "${dataset.title}" (${dataset.dataset_id}) failed.`,
    `Error: ${error.message}${where ? ` (${where})` : ''}`,
    `The live data did not change: they are those of the last successful update, on ${en}.`,
    `See the dataset and its jobs: ${link}`,
  ].join('\n');
  for (const to of recipients) await mailer.send({ to, subject: `Échec de la mise à jour de « ${dataset.title} » / Refresh failed`, text });
  return recipients;
}

/** The e-mails of the administrators and editors of the organisation and of the parents it delegates to. */
async function editorsOf(db: CatalogDb, organisationId: string): Promise<string[]> {
  const organisations = [organisationId];
  let current = await db.selectFrom('organisations').select(['parent_id', 'administered_by_parent']).where('id', '=', organisationId).executeTakeFirst();
  while (current?.administered_by_parent === 1 && current.parent_id) {
    organisations.push(current.parent_id);
    current = await db.selectFrom('organisations').select(['parent_id', 'administered_by_parent']).where('id', '=', current.parent_id).executeTakeFirst();
  }
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.email')
    .where('memberships.organisation_id', 'in', organisations)
    .where('memberships.role', 'in', ['admin', 'editor'])
    .where('users.disabled_at', 'is', null)
    .distinct()
    .orderBy('users.email')
    .execute();
  return rows.map((r) => r.email);
}
