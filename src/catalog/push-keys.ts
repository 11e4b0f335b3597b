// Push keys: the secret of a dataset's OpenDataSoft push URL (`?pushkey=`, src/ingest/ods-push.ts).
// One per dataset, made and rotated by the operator, shown once and kept as its sha256 only: a
// random secret of ~165 bits needs no slow hash (as API keys, src/auth/api-keys.ts). It opens that
// dataset's pushes and nothing else.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';

const PUSH_KEY_PREFIX = 'pk_';
/** 32 characters of 36 possible: about 165 random bits. */
const PUSH_KEY_LENGTH = 32;

function hashPushKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** A new push key for the dataset; the previous one, if any, no longer opens anything. */
export async function createPushKey(db: CatalogDb, datasetUid: string): Promise<string> {
  const key = PUSH_KEY_PREFIX + randomId(PUSH_KEY_LENGTH);
  const row = { dataset_uid: datasetUid, hash: hashPushKey(key).toString('hex'), created_at: nowIso() };
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dataset_push_keys').where('dataset_uid', '=', datasetUid).execute();
    await trx.insertInto('dataset_push_keys').values(row).execute();
  });
  return key;
}

/** Removes the dataset's push key: its push URL answers no more. False when it had none. */
export async function removePushKey(db: CatalogDb, datasetUid: string): Promise<boolean> {
  const result = await db.deleteFrom('dataset_push_keys').where('dataset_uid', '=', datasetUid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whether `key` is the dataset's push key; false when the dataset has none. */
export async function isPushKey(db: CatalogDb, datasetUid: string, key: string): Promise<boolean> {
  const row = await db.selectFrom('dataset_push_keys').select('hash').where('dataset_uid', '=', datasetUid).executeTakeFirst();
  if (!row) return false;
  const stored = Buffer.from(row.hash, 'hex');
  const given = hashPushKey(key);
  // Two digests of 32 bytes: the comparison takes the same time wherever they differ.
  return stored.length === given.length && timingSafeEqual(given, stored);
}
