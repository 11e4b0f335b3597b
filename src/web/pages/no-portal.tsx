// What a host that no portal claims shows when the operator has set no default portal.
import { t } from '../i18n.js';
import { Layout } from '../layout.js';
import type { Site } from '../site.js';

export function NoPortalPage({ site }: { site: Site }) {
  return (
    <Layout site={site} title="Territoires">
      <h1>Territoires</h1>
      <p>{t(site.lang, 'noPortal')}</p>
    </Layout>
  );
}
