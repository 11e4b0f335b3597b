// The demo's own accounts, so that a visitor of `npm start` can sign in and see what a platform
// administrator and a commune's editor see. Created with the demo region only (`serve --demo` on
// an empty catalog), never by `serve` alone: a production platform has no known password.
import { hashPassword } from '../auth/index.js';
import { insertUser, setMembership, type CatalogDb, type OrganisationRow } from '../catalog/index.js';

/** The password of both demo accounts; the README gives it. `.invalid` (RFC 2606) is no one's address. */
export const DEMO_PASSWORD = 'territoires-demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.territoires.invalid';
export const DEMO_EDITOR_EMAIL = 'editeur@demo.territoires.invalid';

/** A platform administrator, and an editor of the datasets of `commune`. */
export async function createDemoAccounts(db: CatalogDb, commune: OrganisationRow): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await insertUser(db, { email: DEMO_ADMIN_EMAIL, name: 'Administratrice de démonstration', passwordHash, platformAdmin: true });
  const editor = await insertUser(db, { email: DEMO_EDITOR_EMAIL, name: `Éditeur de démonstration (${commune.name})`, passwordHash });
  await setMembership(db, editor.id, commune.id, 'editor');
}
