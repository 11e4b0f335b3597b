// The back-office in a real Chromium: each page passes axe-core's WCAG 2.1 A/AA rules (no serious
// or critical violation), has one h1 and does not scroll sideways on a phone; and the publishing
// wizard works end to end with its upload script: the file goes by XMLHttpRequest with the CSRF
// header, the preview's type can be corrected, the dataset is published. Screenshots go to
// test-results/screenshots/ as the other browser tests' do.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createSession } from '../../src/auth/index.js';
import { insertUser, setMembership } from '../../src/catalog/index.js';
import { chromiumUnavailableReason, formatViolations, horizontalOverflow, launchChromium, newPage, PHONE, screenshot, seriousAxeViolations, startBrowserSite, TEST_TIMEOUT, type BrowserSite } from '../helpers/browser.js';

const reason = chromiumUnavailableReason();
const options = { timeout: TEST_TIMEOUT, skip: reason ?? undefined };

const PAGES = [
  { name: 'backoffice-home', path: '/espace' },
  { name: 'backoffice-publish', path: '/espace/publier' },
  { name: 'backoffice-dataset', path: '/espace/jeux/adresses' },
  { name: 'backoffice-delete', path: '/espace/jeux/adresses/supprimer' },
  { name: 'backoffice-dataset-en', path: '/espace/jeux/adresses?lang=en' },
];

describe('back-office in Chromium', () => {
  let site: BrowserSite;
  let browser: Browser;
  let token = '';

  before(async () => {
    if (reason) return;
    site = await startBrowserSite();
    const { db } = site.setup.t.platform;
    const nantes = await db.selectFrom('organisations').select('id').where('slug', '=', 'nantes-metropole').executeTakeFirstOrThrow();
    const user = await insertUser(db, { email: 'sig@nantesmetropole.fr', name: 'Équipe SIG' });
    await setMembership(db, user.id, nantes.id, 'editor');
    token = (await createSession(db, user.id, null)).token;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  const signedInPage = async (): Promise<Page> => {
    const page = await newPage(browser);
    await page.context().addCookies([{ name: 'territoires_session', value: token, url: site.url }]);
    return page;
  };

  const checkPage = async (page: Page, name: string) => {
    await screenshot(page, name);
    await page.setViewportSize(PHONE);
    await screenshot(page, name);
    const { overflow, widest } = await horizontalOverflow(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal(await page.locator('h1').count(), 1, `${name} has one h1`);
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, `axe on ${name}:\n${formatViolations(violations)}`);
    assert.ok(overflow <= 1, `${name} scrolls ${overflow}px sideways on a phone; widest: ${widest}`);
  };

  for (const { name, path } of PAGES) {
    test(`${name}: no serious or critical axe violation; no sideways scroll on a phone`, options, async () => {
      const page = await signedInPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        const response = await page.goto(`${site.url}${path}`);
        assert.equal(response?.status(), 200);
        await checkPage(page, name);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });
  }

  test('the wizard sends the file with its script, shows the preview, and publishes with a type corrected', options, async () => {
    const page = await signedInPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/espace/publier')) uploads.push(request.headers()['x-csrf-token'] ? 'script' : 'form');
    });
    try {
      await page.goto(`${site.url}/espace/publier`);
      // An id already taken: the errors come back by their fields, in the same page.
      await page.locator('#field-dataset_id').fill('adresses');
      await page.locator('#field-file').setInputFiles({ name: 'equipements.csv', mimeType: 'text/csv', buffer: Buffer.from('code_insee;equipement;places\n44109;Piscine;120\n44143;Gymnase;80\n') });
      await page.getByRole('button', { name: 'Envoyer et voir l’aperçu' }).click();
      await page.locator('#field-dataset_id-error').waitFor();
      assert.match((await page.locator('#field-dataset_id-error').textContent()) ?? '', /déjà/);
      await checkPage(page, 'backoffice-publish-error');

      await page.locator('#field-dataset_id').fill('equipements');
      await page.locator('#field-file').setInputFiles({ name: 'equipements.csv', mimeType: 'text/csv', buffer: Buffer.from('code_insee;equipement;places\n44109;Piscine;120\n44143;Gymnase;80\n') });
      await page.getByRole('button', { name: 'Envoyer et voir l’aperçu' }).click();
      await page.waitForURL(/\/espace\/publier\/[a-z0-9]{16}$/);
      assert.deepEqual(uploads, ['script', 'script'], 'both sent by the upload script');
      assert.equal(await page.getByLabel('Type de la colonne places').inputValue(), 'int');
      assert.equal(await page.getByLabel('Type de la colonne code_insee').inputValue(), 'text');
      await checkPage(page, 'backoffice-preview');

      await page.getByLabel('Type de la colonne places').selectOption('double');
      await page.locator('#field-title').fill('Équipements sportifs');
      await page.getByLabel(/^Privé/).check();
      await page.getByRole('button', { name: 'Publier', exact: true }).click();
      await page.waitForURL(/\/espace\/jeux\/equipements\?fait=publie$/);
      assert.match((await page.locator('main').textContent()) ?? '', /Équipements sportifs/);
      const api = await page.request.get(`${site.url}/api/explore/v2.1/catalog/datasets/equipements`);
      const dataset = (await api.json()) as { fields: { name: string; type: string }[] };
      assert.deepEqual(dataset.fields.map((f) => f.type), ['text', 'text', 'double']);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
