// Table Schema validation in a real Chromium: a dataset of Nantes Métropole declares the SCDL
// `subventions` schema and its file has errors (the SCDL's own invalid example); its page says so by
// the title, the badge leads to the « Conformité » tab and its report; the organisation's
// administrator sets the policy in the back-office; a visitor validates a file on « Valider un
// fichier ». Each page passes axe-core's WCAG 2.1 A/AA rules (no serious or critical violation),
// has one h1 and fits a phone's width (the report's tables scroll inside their own region).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { datasetScope, hashPassword, PLATFORM } from '../../src/auth/index.js';
import { getDataset, insertUser, setMembership } from '../../src/catalog/index.js';
import { publishCsv } from '../helpers/catalog.js';
import { chromiumUnavailableReason, DESKTOP, formatViolations, horizontalOverflow, launchChromium, newPage, PHONE, screenshot, seriousAxeViolations, startBrowserSite, TEST_TIMEOUT, type BrowserSite } from '../helpers/browser.js';

const reason = chromiumUnavailableReason();
const options = { timeout: TEST_TIMEOUT * 2, skip: reason ?? undefined };

const INVALID_FILE = fileURLToPath(new URL('../../schemas/subventions/example-invalid.csv', import.meta.url));
const DATASET = { datasetId: 'subventions-nantes', title: 'Subventions aux associations' };
const ADMIN = { email: 'chef@nantesmetropole.fr', password: 'la phrase de passe du chef' };

describe('schema validation in Chromium', () => {
  let site: BrowserSite;
  let browser: Browser;

  before(async () => {
    if (reason) return;
    site = await startBrowserSite();
    const { platform } = site.setup.t;
    const nantes = await platform.db.selectFrom('organisations').select('id').where('slug', '=', 'nantes-metropole').executeTakeFirstOrThrow();
    const admin = await insertUser(platform.db, { email: ADMIN.email, name: 'Claire Chef', passwordHash: await hashPassword(ADMIN.password) });
    await setMembership(platform.db, admin.id, nantes.id, 'admin');
    await publishCsv(platform, DATASET.datasetId, fs.readFileSync(INVALID_FILE, 'utf8'), { title: DATASET.title, organisation: 'nantes-metropole', metas: { schema: 'subventions', schemaPolicy: 'warn' } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  /** One h1, no serious or critical axe violation, no sideways scroll on a phone; screenshots at both widths. */
  const checkPage = async (page: Page, name: string) => {
    await screenshot(page, name);
    await page.setViewportSize(PHONE);
    await screenshot(page, name);
    const { overflow, widest } = await horizontalOverflow(page);
    await page.setViewportSize(DESKTOP);
    assert.equal(await page.locator('h1').count(), 1, `${name} has one h1`);
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, `axe on ${name}:\n${formatViolations(violations)}`);
    assert.ok(overflow <= 1, `${name} scrolls ${overflow}px sideways on a phone; widest: ${widest}`);
  };

  test('the dataset page shows its non-conformity and its report; the administrator blocks files with errors; a visitor validates a file', options, async () => {
    const page = await newPage(browser);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      // (a) The badge by the title, then the report it links to.
      await page.goto(`${site.url}/explore/dataset/${DATASET.datasetId}/`);
      const badge = page.getByRole('link', { name: /^Non conforme au schéma Subventions \(SCDL\) 2\.1\.1 — \d+ erreurs/ });
      await badge.waitFor();
      const count = Number(/— (\d+) erreurs/.exec((await badge.textContent()) ?? '')?.[1]);
      await badge.click();
      await page.waitForURL(`${site.url}/explore/dataset/${DATASET.datasetId}/validation/`);
      assert.equal(await page.getByRole('link', { name: 'Conformité' }).getAttribute('aria-current'), 'page');
      const table = page.getByRole('table', { name: 'Erreurs trouvées dans le fichier, par ligne' });
      await table.waitFor();
      assert.equal(await table.locator('tbody tr').count(), count, 'the badge counts the rows of the table');
      // Row 5 of the file writes its date 05/12/2016: a type error, in its column.
      const row5 = table.locator('tbody tr', { has: page.locator('th', { hasText: /^5$/ }) }).filter({ hasText: 'dateConvention' });
      assert.match((await row5.textContent()) ?? '', /05\/12\/2016.*type-error/);
      await checkPage(page, 'dataset-validation');

      // (b) The administrator signs in and makes a file with errors refused.
      await page.goto(`${site.url}/connexion`);
      await page.getByLabel('Adresse électronique').fill(ADMIN.email);
      await page.getByLabel('Mot de passe').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(`${site.url}/espace`);
      await page.goto(`${site.url}/espace/jeux/${DATASET.datasetId}`);
      await page.getByRole('link', { name: 'Schéma de données et validation des fichiers' }).click();
      await page.getByRole('heading', { name: `Schéma de données de ${DATASET.title}` }).waitFor();
      assert.equal(await page.getByLabel('Schéma que les fichiers doivent suivre').inputValue(), 'subventions');
      await checkPage(page, 'backoffice-schema');
      await page.getByLabel('Bloquer la publication si le fichier contient des erreurs').check();
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Le schéma et la règle de publication sont enregistrés').waitFor();
      assert.equal(await page.getByLabel('Bloquer la publication si le fichier contient des erreurs').isChecked(), true);
      const stored = await getDataset(site.setup.t.platform.db, datasetScope(PLATFORM, null), DATASET.datasetId);
      assert.equal(stored.metas.schemaPolicy, 'block');
      await page.getByRole('link', { name: 'Voir le rapport complet de la version 1' }).click();
      await page.getByRole('table', { name: 'Erreurs trouvées dans le fichier, par ligne' }).waitFor();
      await checkPage(page, 'backoffice-schema-report');

      // (c) « Valider un fichier », from the catalogue: the same file, the same report.
      await page.goto(`${site.url}/explore/`);
      await page.getByRole('link', { name: /Vérifier qu’un fichier suit un schéma/ }).click();
      await page.getByLabel(/^Schéma/).selectOption('subventions');
      await page.getByLabel(/^Fichier à valider/).setInputFiles(INVALID_FILE);
      await page.getByRole('button', { name: 'Valider le fichier' }).click();
      await page.getByRole('heading', { name: 'Rapport de validation de example-invalid.csv' }).waitFor();
      assert.equal(await page.getByRole('table', { name: 'Erreurs trouvées dans le fichier, par ligne' }).locator('tbody tr').count(), count);
      await checkPage(page, 'validate-file');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
