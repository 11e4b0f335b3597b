// Storage of the one-time tokens sent by mail (invitations, password resets): only their hash is
// kept. Issuing and redeeming them is src/auth/accounts.ts's work.
import type { Selectable } from 'kysely';
import type { CatalogDb } from './database.js';
import { nowIso } from './ids.js';
import type { AccountTokenKind, AccountTokensTable } from './schema.js';

export type AccountTokenRow = Selectable<AccountTokensTable>;

export async function insertAccountToken(db: CatalogDb, row: AccountTokenRow): Promise<void> {
  await db.insertInto('account_tokens').values(row).execute();
}

/** The token of this kind and hash if it is neither used nor expired, without using it. */
export async function findUsableAccountToken(db: CatalogDb, kind: AccountTokenKind, hash: string): Promise<AccountTokenRow | undefined> {
  return db
    .selectFrom('account_tokens')
    .selectAll()
    .where('hash', '=', hash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
}

/**
 * Marks the token used and returns it, or undefined when it was unknown, expired or already used.
 * One conditional update: of two requests racing with the same token, only one gets it.
 */
export async function useAccountToken(db: CatalogDb, kind: AccountTokenKind, hash: string): Promise<AccountTokenRow | undefined> {
  const now = nowIso();
  const result = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('hash', '=', hash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom('account_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
}
