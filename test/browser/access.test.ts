// Access in a real Chromium: signing in through /connexion (a wrong password is said, the right
// one lands on /espace); an administrator invites someone by e-mail, who opens the mailed link in
// another browser, creates their account and sees the organisation's private dataset, until the
// administrator removes them: their next page no longer shows it. The members, keys and log pages
// pass axe-core's WCAG 2.1 A/AA rules (no serious or critical violation) and fit a phone's width.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/index.js';
import { insertUser, setMembership } from '../../src/catalog/index.js';
import { publishCsv } from '../helpers/catalog.js';
import { chromiumUnavailableReason, formatViolations, horizontalOverflow, launchChromium, newPage, PHONE, screenshot, seriousAxeViolations, startBrowserSite, TEST_TIMEOUT, type BrowserSite } from '../helpers/browser.js';

const reason = chromiumUnavailableReason();
const options = { timeout: TEST_TIMEOUT * 2, skip: reason ?? undefined };

const ADMIN = { email: 'chef@nantesmetropole.fr', password: 'la phrase de passe du chef' };
const PRIVATE = { datasetId: 'notes-internes', title: 'Notes internes de la métropole' };
const MEMBERS = '/espace/organisations/nantes-metropole/membres';

describe('access in Chromium', () => {
  let site: BrowserSite;
  let browser: Browser;

  before(async () => {
    if (reason) return;
    site = await startBrowserSite();
    const { platform } = site.setup.t;
    const nantes = await platform.db.selectFrom('organisations').select('id').where('slug', '=', 'nantes-metropole').executeTakeFirstOrThrow();
    const admin = await insertUser(platform.db, { email: ADMIN.email, name: 'Claire Chef', passwordHash: await hashPassword(ADMIN.password) });
    await setMembership(platform.db, admin.id, nantes.id, 'admin');
    await publishCsv(platform, PRIVATE.datasetId, 'sujet;note\nvoirie;3\n', { title: PRIVATE.title, organisation: 'nantes-metropole', visibility: 'private' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  const signIn = async (page: Page, password: string) => {
    await page.getByLabel('Adresse électronique').fill(ADMIN.email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  };

  /** One h1, no serious or critical axe violation, no sideways scroll on a phone; screenshots at both widths. */
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

  /** The invitation link of the last mail to `to`, from the mailbox folder. */
  const invitationLink = (to: string): string => {
    const dir = site.setup.t.platform.config.mailboxDir;
    const mails = fs.readdirSync(dir).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).filter((m) => m.includes(`To: ${to}`));
    const link = /https?:\/\/\S+\/invitation\?jeton=[\w-]+/.exec(mails.at(-1) ?? '')?.[0];
    assert.ok(link, `an invitation mail to ${to}`);
    return link;
  };

  test('an invited member joins, sees the private dataset, is removed and no longer sees it; the access pages pass axe', options, async () => {
    const admin = await newPage(browser);
    const invitee = await newPage(browser);
    const errors: string[] = [];
    for (const page of [admin, invitee]) page.on('pageerror', (error) => errors.push(error.message));
    try {
      // (a) Signing in: a wrong password is said on the page; the right one lands on /espace.
      await admin.goto(`${site.url}/espace`);
      await admin.waitForURL(/\/connexion\?retour=/);
      await signIn(admin, 'pas le bon mot de passe');
      await admin.getByText('Adresse électronique ou mot de passe incorrect.').first().waitFor();
      assert.match(admin.url(), /\/connexion/);
      await signIn(admin, ADMIN.password);
      await admin.waitForURL(`${site.url}/espace`);
      assert.equal(await admin.locator('h1').textContent(), 'Mon espace');

      // (b) The administrator invites someone from the members page, reached from /espace.
      await admin.getByRole('link', { name: 'Membres de Nantes Métropole' }).click();
      await admin.waitForURL(`${site.url}${MEMBERS}`);
      await admin.getByLabel(/^Adresse électronique/).fill('nouvelle@nantesmetropole.fr');
      await admin.getByLabel('Rôle donné').selectOption('viewer');
      await admin.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await admin.getByText('Invitation envoyée à nouvelle@nantesmetropole.fr.').waitFor();
      await checkPage(admin, 'backoffice-members');

      // The link opens in another browser (a context of its own: no cookie of the administrator).
      await invitee.goto(invitationLink('nouvelle@nantesmetropole.fr'));
      await invitee.getByLabel('Nom et prénom').fill('Nina Nouvelle');
      await invitee.getByLabel('Mot de passe').fill('une phrase assez longue');
      await invitee.getByRole('button', { name: 'Créer mon compte et rejoindre' }).click();
      await invitee.waitForURL(`${site.url}/espace`);
      await invitee.getByRole('link', { name: PRIVATE.title }).waitFor();
      assert.equal((await invitee.goto(`${site.url}/explore/dataset/${PRIVATE.datasetId}/`))?.status(), 200);

      // The administrator removes them, after the confirmation page.
      await admin.reload();
      await admin.getByRole('link', { name: 'Retirer (Nina Nouvelle)' }).click();
      await admin.getByRole('heading', { name: 'Retirer Nina Nouvelle de Nantes Métropole ?' }).waitFor();
      await admin.getByRole('button', { name: 'Retirer de l’organisation' }).click();
      await admin.getByText('Nina Nouvelle ne fait plus partie de l’organisation.').waitFor();

      // Their next page load: still signed in, without the private dataset.
      await invitee.goto(`${site.url}/espace`);
      assert.equal(await invitee.locator('h1').textContent(), 'Mon espace');
      assert.equal(await invitee.getByText(PRIVATE.title).count(), 0);
      assert.equal((await invitee.goto(`${site.url}/explore/dataset/${PRIVATE.datasetId}/`))?.status(), 404);

      // A personal key, shown once; then the log of all this.
      await admin.goto(`${site.url}/espace`);
      await admin.getByRole('link', { name: 'Mes clés d’API' }).click();
      await admin.getByLabel(/^Nom/).fill('Script de nuit');
      await admin.getByLabel(/^Publication/).check();
      await admin.getByRole('button', { name: 'Créer la clé' }).click();
      await admin.getByText('Copiez-la maintenant, elle ne sera plus affichée.').waitFor();
      assert.match(await admin.getByLabel('Clé Script de nuit').inputValue(), /^tk_/);
      await checkPage(admin, 'backoffice-keys');

      await admin.goto(`${site.url}/espace`);
      await admin.getByRole('link', { name: 'Journal' }).click();
      await admin.getByRole('cell', { name: 'Membre retiré' }).waitFor();
      assert.ok((await admin.getByRole('cell', { name: 'Invitation envoyée' }).count()) > 0);
      await checkPage(admin, 'backoffice-audit');
      assert.deepEqual(errors, []);
    } finally {
      await admin.close();
      await invitee.close();
    }
  });
});
