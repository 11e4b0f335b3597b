// The browser tests' tools: a real Chromium (playwright-core drives it), the app listening on a
// free port with a small catalog to visit, axe-core run inside the page, and screenshots. Without
// Chromium the browser tests are skipped with the reason, except under CI=true where it is a failure.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createPortal } from '../../src/catalog/index.js';
import { testApp, type TestApp } from './app.js';
import { createNantesPortal, publishCsv } from './catalog.js';

export const CHROMIUM = process.env.TERRITOIRES_CHROMIUM ?? '/usr/bin/chromium';

/** The folder the screenshots are written to (ignored by git): look at them after a run. */
export const SCREENSHOTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');

/** Each browser test takes a few seconds; this leaves room for a busy machine. */
export const TEST_TIMEOUT = 30_000;

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** null when Chromium can be started, else why not (a failure under CI=true, where the browser tests must run). */
export function chromiumUnavailableReason(): string | null {
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
    return null;
  } catch {
    const reason = `Chromium not found at ${CHROMIUM} (install it, or set TERRITOIRES_CHROMIUM to its path)`;
    if (process.env.CI === 'true') throw new Error(`${reason}: required under CI=true`);
    return reason;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that gives up after 10 s on a missing element, so that a page not written yet fails with a message, not a timeout of the whole test. */
export async function newPage(browser: Browser, viewport: { width: number; height: number } = DESKTOP): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'fr-FR', acceptDownloads: true });
  page.setDefaultTimeout(10_000);
  // Loading a page (the map's script included) may take longer on a busy machine.
  page.setDefaultNavigationTimeout(15_000);
  return page;
}

export const ADRESSES = {
  datasetId: 'adresses',
  title: 'Adresses de Loire-Atlantique',
  /** Records per commune: different counts, so that a filter shows as a smaller count. */
  communes: [
    { name: 'Nantes', insee: '44109', postcode: '44000', count: 150, lat: 47.2184, lon: -1.5536 },
    { name: 'Rezé', insee: '44143', postcode: '44400', count: 90, lat: 47.1833, lon: -1.55 },
    { name: 'Saint-Herblain', insee: '44162', postcode: '44800', count: 60, lat: 47.2122, lon: -1.6497 },
  ],
  total: 300,
} as const;

export const REGION_DATASET = { datasetId: 'lycees-region', title: 'Lycées des Pays de la Loire' } as const;

const STREETS = ['rue de la Paix', 'boulevard Victor Hugo', 'allée des Tilleuls', 'rue du Port', 'avenue de la Gare'];

/** 300 addresses in three communes, with lat/lon (hence a geo_point_2d). */
export function adressesCsv(): string {
  const lines = ['id,numero,nom_voie,code_postal,nom_commune,code_insee,lat,lon'];
  let id = 1;
  for (const commune of ADRESSES.communes) {
    for (let i = 0; i < commune.count; i++, id++) {
      const lat = (commune.lat + (i % 15) * 0.001).toFixed(5);
      const lon = (commune.lon + Math.floor(i / 15) * 0.001).toFixed(5);
      lines.push([id, (i % 120) + 1, STREETS[i % STREETS.length], commune.postcode, commune.name, commune.insee, lat, lon].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface BrowserSite {
  /** `http://127.0.0.1:PORT`, the default portal (the region's whole catalog). */
  url: string;
  setup: TestApp;
  dispose(): Promise<void>;
}

/**
 * The app on a fresh SQLite platform, listening on 127.0.0.1 (a free port): the region's
 * organisation, Nantes Métropole with its portal (`/portals/nantes/`), the adresses dataset owned
 * by Nantes Métropole, and one region-level dataset that Nantes' portal does not show.
 */
export async function startBrowserSite(): Promise<BrowserSite> {
  const setup = await testApp({ organisation: { name: 'Région Pays de la Loire', kind: 'region' } });
  try {
    const { platform } = setup.t;
    // The region's portal answers any host no other portal claims (127.0.0.1 here).
    await createPortal(platform.db, { slug: 'region', title: 'Open data Pays de la Loire', hostnames: [], scope: null, isDefault: true });
    await createNantesPortal(platform);
    await publishCsv(platform, ADRESSES.datasetId, adressesCsv(), {
      title: ADRESSES.title,
      description: 'Les **adresses** de trois communes de la métropole : numéro, voie, code postal, commune et position.',
      organisation: 'nantes-metropole',
      metas: { themes: ['Urbanisme'], keywords: ['adresses', 'voies'] },
      // The table's facets are the fields the publisher marks as such (ODS Explore v2.1 §6.2).
      steps: [{ op: 'annotate', field: 'nom_commune', annotations: { facet: true } }],
    });
    await publishCsv(platform, REGION_DATASET.datasetId, 'uai,nom,commune,effectif\n0440001A,Lycée Clemenceau,Nantes,1450\n0850002B,Lycée Pierre Mendès France,La Roche-sur-Yon,980\n', {
      title: REGION_DATASET.title,
      description: 'Les lycées publics de la région.',
      metas: { themes: ['Éducation'], keywords: ['lycées'] },
    });
    await setup.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = setup.app.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, setup, dispose: () => setup.dispose() };
  } catch (error) {
    await setup.dispose();
    throw error;
  }
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** axe-core's WCAG 2.0/2.1 A and AA rules on the whole page; only serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated by the test's own channel, not added as an inline <script>: the pages' CSP would block that.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // axe is the global the injected script defines; its types are not loaded in the page's context.
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact?: string | null; help: string; helpUrl: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, helpUrl: v.helpUrl, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One violation a line, with what to fix and where: `color-contrast (serious): Elements must meet… → main p.meta, …`. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const shown = v.targets.slice(0, 5).join(' | ');
      const more = v.targets.length > 5 ? ` (+${v.targets.length - 5} more)` : '';
      return `- ${v.id} (${v.impact}): ${v.help} → ${shown}${more} [${v.helpUrl}]`;
    })
    .join('\n');
}

/** `test-results/screenshots/<name>-<width>.png`, the full page. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}-${page.viewportSize()?.width ?? 0}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** How far the page scrolls sideways (0: not at all), and the widest element that makes it so. */
export function horizontalOverflow(page: Page): Promise<{ overflow: number; widest: string }> {
  return page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    let widest = '';
    if (overflow > 1) {
      let right = window.innerWidth;
      // No named function in here: tsx would wrap it with a helper the page does not have.
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const box = element.getBoundingClientRect();
        if (box.right <= right + 1) continue;
        // A wrapper that scrolls clips its content, except absolutely positioned content when the
        // wrapper is not positioned itself (visually hidden text in a wide table, for one).
        const escapes = getComputedStyle(element).position === 'absolute';
        let clipped = false;
        for (let parent = element.parentElement; parent && parent !== document.body && !clipped; parent = parent.parentElement) {
          const style = getComputedStyle(parent);
          clipped = style.overflowX !== 'visible' && (!escapes || style.position !== 'static');
        }
        if (clipped) continue;
        if (box.right > right + 1) {
          right = box.right;
          widest = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} (right edge ${Math.round(box.right)}px)`;
        }
      }
    }
    return { overflow, widest };
  });
}
