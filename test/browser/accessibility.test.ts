// Every page of a portal in a real Chromium: axe-core finds no serious or critical WCAG 2.1 A/AA
// violation (RGAA's automatable part), the keyboard reaches the skip link first, and at phone width
// the page does not scroll sideways. Each page is also photographed, full page, at desktop and
// phone widths, into test-results/screenshots/, for a person to look at.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  ADRESSES,
  chromiumUnavailableReason,
  formatViolations,
  horizontalOverflow,
  launchChromium,
  newPage,
  PHONE,
  screenshot,
  seriousAxeViolations,
  startBrowserSite,
  TEST_TIMEOUT,
  type BrowserSite,
} from '../helpers/browser.js';

interface PageCase {
  /** The screenshots' name. */
  name: string;
  /** The path, or how to find it from the site (the organisation page is reached from the list). */
  path: string | ((page: Page, site: BrowserSite) => Promise<string>);
  status: number;
  /** An element that appears once the page's own script has run (the map). */
  ready?: string;
}

const dataset = (tab: string) => `/explore/dataset/${ADRESSES.datasetId}/${tab}/`;

const PAGES: PageCase[] = [
  { name: 'home', path: '/', status: 200 },
  { name: 'catalogue', path: '/explore/', status: 200 },
  { name: 'catalogue-search', path: '/explore/?q=adresses', status: 200 },
  { name: 'dataset-information', path: dataset('information'), status: 200 },
  { name: 'dataset-table', path: dataset('table'), status: 200 },
  { name: 'dataset-map', path: dataset('map'), status: 200, ready: '[data-state="ready"]' },
  { name: 'dataset-analyze', path: dataset('analyze'), status: 200 },
  { name: 'dataset-export', path: dataset('export'), status: 200 },
  { name: 'dataset-api', path: dataset('api'), status: 200 },
  { name: 'organisations', path: '/organisations/', status: 200 },
  { name: 'organisation', path: organisationPath, status: 200 },
  { name: 'legal-notice', path: '/pages/mentions-legales/', status: 200 },
  { name: 'personal-data', path: '/pages/donnees-personnelles/', status: 200 },
  { name: 'accessibility-statement', path: '/pages/accessibilite/', status: 200 },
  { name: 'not-found', path: '/explore/dataset/nexiste-pas/', status: 404 },
];

/** Nantes Métropole's page, as a visitor finds it: its link on the organisations page. */
async function organisationPath(page: Page, site: BrowserSite): Promise<string> {
  await page.goto(`${site.url}/organisations/`);
  const link = page.getByRole('main').getByRole('link', { name: 'Nantes Métropole', exact: true }).first();
  const target = await link.getAttribute('href').catch(() => null);
  assert.ok(target, 'the organisations page has a link named "Nantes Métropole"');
  return new URL(target, site.url).pathname;
}

const reason = chromiumUnavailableReason();
// Each test is skipped with the reason (counted in the runner's `# skipped`), not the suite.
const options = { timeout: TEST_TIMEOUT, skip: reason ?? undefined };

describe('accessibility in Chromium', () => {
  let site: BrowserSite;
  let browser: Browser;

  before(async () => {
    if (reason) return;
    site = await startBrowserSite();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  for (const pageCase of PAGES) {
    test(`${pageCase.name}: no serious or critical axe violation; no sideways scroll on a phone`, options, async () => {
      const page = await newPage(browser);
      const scriptErrors: string[] = [];
      page.on('pageerror', (error) => scriptErrors.push(error.message));
      try {
        const path = typeof pageCase.path === 'string' ? pageCase.path : await pageCase.path(page, site);
        const response = await page.goto(`${site.url}${path}`);
        if (pageCase.ready) await page.waitForSelector(pageCase.ready).catch(() => undefined);
        // Photographed first, so that a page that fails below can still be looked at.
        await screenshot(page, pageCase.name);
        await page.setViewportSize(PHONE);
        await screenshot(page, pageCase.name);
        const { overflow, widest } = await horizontalOverflow(page);
        await page.setViewportSize({ width: 1280, height: 800 });

        assert.equal(response?.status(), pageCase.status, `${path} answers ${pageCase.status}`);
        assert.equal(await page.locator('h1').count(), 1, `${path} has one h1`);
        const violations = await seriousAxeViolations(page);
        assert.equal(violations.length, 0, `axe on ${path}: ${violations.length} serious or critical violation(s):\n${formatViolations(violations)}`);
        assert.ok(overflow <= 1, `${path} scrolls ${overflow}px sideways at ${PHONE.width}px wide; widest: ${widest}`);
        assert.deepEqual(scriptErrors, [], `${path} runs without script errors`);
      } finally {
        await page.close();
      }
    });
  }

  for (const path of ['/', dataset('table')]) {
    test(`keyboard on ${path}: the first Tab reaches the skip link, which moves focus into main`, options, async () => {
      const page = await newPage(browser);
      try {
        await page.goto(`${site.url}${path}`);
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const active = document.activeElement as HTMLElement | null;
          return { text: active?.textContent?.trim() ?? '', href: active?.getAttribute('href') ?? '', visible: active ? active.getBoundingClientRect().left >= 0 : false };
        });
        assert.deepEqual(first, { text: 'Aller au contenu', href: '#content', visible: true }, 'the first Tab focuses the skip link, shown on screen');
        await page.keyboard.press('Enter');
        // Focus is on main itself (tabindex=-1), or the next Tab is the first control inside main:
        // either way the header's links are not gone through again.
        const onMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
        if (!onMain) await page.keyboard.press('Tab');
        const inMain = await page.evaluate(() => {
          const active = document.activeElement;
          return { inMain: !!active?.closest('main'), focused: active ? `${active.tagName.toLowerCase()} "${(active.textContent ?? '').trim().slice(0, 40)}"` : 'nothing' };
        });
        assert.ok(inMain.inMain, `after the skip link, focus is in main (it is on ${inMain.focused})`);
      } finally {
        await page.close();
      }
    });
  }
});
