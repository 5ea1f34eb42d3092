// Loads learner pages cold (a new browser context per page: new connection, empty cache) over an
// emulated slow 3G link (400 kbit/s each way, 400 ms round trip: the issue's profile) in Debian's
// Chromium and prints, per page, when the heading was on screen (the content shows), the first
// contentful paint where headless Chromium reports one, when the page finished loading, when its
// island came alive (pages that have one: `[data-live]`), and the bytes it moved. Fails when a heading takes over 2 s. Usage: node slow-3g.mjs [BASE_URL] (a
// running server with the demo world).
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const PAGES = (process.env.PAGES ?? '/learn /learn/paths /learn/paths/1 /learn/lessons/1 /learn/lessons/3 /learn/lessons/4 /learn/assessments/1 /learn/progress').split(' ');
const BUDGET_MS = 2000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
const signIn = await browser.newContext();
const first = await signIn.newPage();
await first.goto(`${base}/signin`);
await first.locator('#field-email').fill('learner@ruralrise.test');
await first.locator('#field-password').fill('ruralrise-demo');
await first.getByRole('button', { name: 'Sign in', exact: true }).click();
await first.waitForURL(/\/learn$/);
const storageState = await signIn.storageState();
await signIn.close();

let over = 0;
console.log(`${'page'.padEnd(22)} ${'heading'.padStart(9)} ${'first paint'.padStart(12)} ${'loaded'.padStart(9)} ${'island'.padStart(9)} ${'bytes'.padStart(8)}`);
for (const path of PAGES) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8,
  });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const started = Date.now();
  await page.goto(`${base}${path}`, { waitUntil: 'commit' });
  await page.locator('h1').first().waitFor({ state: 'visible', timeout: 30_000 });
  const heading = Date.now() - started;
  await page.waitForLoadState('load');
  const loaded = Date.now() - started;
  const paint = await page.evaluate(() => new Promise((done) => {
    new PerformanceObserver((list) => {
      const fcp = list.getEntriesByName('first-contentful-paint')[0];
      if (fcp) done(fcp.startTime);
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => done(NaN), 500);
  }));
  // The wasm loads after the page; an island marks itself once it runs.
  let island = '-';
  if (await page.locator('leptos-island').count() > 0) {
    await page.locator('[data-live]').first().waitFor({ state: 'attached', timeout: 30_000 });
    island = `${Date.now() - started} ms`;
    await page.waitForLoadState('networkidle');
  }
  const verdict = heading <= BUDGET_MS ? '' : `  OVER ${BUDGET_MS} ms`;
  if (heading > BUDGET_MS) over = 1;
  const fcp = Number.isNaN(paint) ? 'n/a' : `${Math.round(paint)} ms`;
  console.log(`${path.padEnd(22)} ${`${heading} ms`.padStart(9)} ${fcp.padStart(12)} ${`${loaded} ms`.padStart(9)} ${island.padStart(9)} ${String(bytes).padStart(8)}${verdict}`);
  await context.close();
}
await browser.close();
process.exit(over);
