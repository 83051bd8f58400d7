/**
 * Browser check: builds the harness with the plugin's toolchain, starts the demo backend and a
 * proxy, opens each app page and the QueryEditor in headless Chromium, asserts that panels show
 * data (points or rows, not just a loaded page), runs the Alert rules flow (create, preview,
 * edit, test-send to a local receiver) and saves screenshots to artifacts/screenshots.
 * Exits non-zero on any failure. Run: npm run browser-check -w plugin (after npm install).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import webpack from 'webpack';
import { startDemoBackend } from '../checks/backend';
import { alertRulesCheck } from './alertRules';
import { type Check, must } from './check';
import { startHarnessServer } from './server';
import { harnessConfig } from './webpack.harness';

const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const OUT = path.join(ARTIFACTS, 'harness');
const SHOTS = path.join(ARTIFACTS, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function build(): Promise<void> {
  return new Promise((resolve, reject) =>
    webpack(harnessConfig(OUT), (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    })
  );
}

const count = (page: Page, sel: string) => page.locator(sel).count();
async function points(page: Page, sel: string): Promise<number> {
  await page.locator(sel).first().waitFor({ timeout: 60_000 });
  return Number(await page.locator(sel).first().getAttribute('data-points'));
}
const checks = (backend: { url: string; token: string }): Check[] => [
  {
    name: 'overview',
    async run(page) {
      const mtd = await points(page, '[data-testid=panel-mtd] [data-testid=mini-chart]');
      must(mtd > 0, 'month-to-date chart has no points');
      await page.locator('[data-testid=panel-movers] [data-testid=row]').first().waitFor({ timeout: 60_000 });
      const movers = await count(page, '[data-testid=panel-movers] [data-testid=row]');
      must(movers > 0, 'top movers has no rows');
      const states: string[] = [];
      for (const id of ['panel-forecast', 'panel-savings', 'panel-anomalies']) {
        const panel = page.locator(`[data-testid=${id}]`);
        await panel.locator('[data-testid=not-available], [data-testid=mini-chart], [data-testid=row], h2').first().waitFor({ timeout: 60_000 });
        const na = await panel.locator('[data-testid=not-available]').count();
        states.push(`${id.replace('panel-', '')}: ${na ? 'not available yet' : 'data'}`);
      }
      return `month-to-date ${mtd} points, top movers ${movers} rows; ${states.join(', ')}`;
    },
  },
  {
    name: 'query-editor',
    async run(page) {
      const series = await points(page, '[data-testid=query-result] [data-testid=mini-chart]');
      must(series > 0, 'time series result has no points');
      const lines = await count(page, '[data-testid=query-result] [data-testid=mini-chart]');
      await page.screenshot({ path: path.join(SHOTS, 'query-editor-timeseries.png') });
      // Switch the editor to table format: the editor runs the query again.
      await page.getByLabel('Table', { exact: true }).click({ force: true });
      await page.locator('[data-testid=query-result] [data-testid=row]').first().waitFor({ timeout: 60_000 });
      const rows = await count(page, '[data-testid=query-result] [data-testid=row]');
      must(rows > 0, 'table result has no rows');
      return `${lines} series with ${series} points each; table format ${rows} rows`;
    },
  },
  alertRulesCheck(backend, SHOTS),
  ...['budgets', 'recommendations', 'inventory'].map((name) => ({
    name,
    async run(page: Page) {
      const card = page.locator(`[data-testid=page-${name}]`).first();
      await card.locator('[data-testid=not-available], [data-testid=row], [data-testid=empty]').first().waitFor({ timeout: 60_000 });
      const rows = await card.locator('[data-testid=row]').count();
      const na = await card.locator('[data-testid=not-available]').count();
      const empty = await card.locator('[data-testid=empty]').count();
      must(rows > 0 || na > 0 || empty > 0, 'neither rows, an empty list nor a "not available yet" state');
      return na ? 'not available yet (backend route missing)' : rows ? `${rows} rows` : 'route answers an empty list (none in the demo organization)';
    },
  })),
];

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  console.log('building harness…');
  await build();
  writeFileSync(
    path.join(OUT, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>CostWatch harness</title></head><body><div id="root"></div><script src="/harness.js"></script></body></html>'
  );
  console.log('starting demo backend…');
  // An editor key: the Alert rules flow writes (rules, channels), as the app's token must allow.
  const backend = await startDemoBackend(undefined, { editorKey: true });
  const editorToken = backend.editorToken!;
  const { url, server } = await startHarnessServer(OUT, backend.url, editorToken);
  let passed = 0;
  let failed = 0;
  // Launched inside the try: a missing Chromium must not leave the backend running.
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (const check of checks({ url: backend.url, token: editorToken })) {
      await page.goto(`${url}/#${check.name}`);
      await page.reload();
      try {
        const detail = await check.run(page);
        must(errors.length === 0, `page errors: ${errors.join('; ')}`);
        passed++;
        console.log(`ok   ${check.name}: ${detail}`);
      } catch (err) {
        failed++;
        console.log(`FAIL ${check.name}: ${(err as Error).message.split('\n')[0]}`);
      }
      errors.length = 0;
      await page.screenshot({ path: path.join(SHOTS, `${check.name}.png`) });
    }
  } finally {
    await browser?.close();
    server.close();
    await backend.stop();
  }
  console.log(`screenshots in ${path.relative(process.cwd(), SHOTS)}`);
  console.log(`browser check: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
