// Loads learner pages cold over an emulated slow 3G link (400 kbit/s each way, 400 ms round
// trip: the issue's profile) in Debian's Chromium and prints, per page, when the first content
// was painted, when the heading was on screen and when the page finished loading, with the bytes
// it moved. Usage: node slow-3g.mjs [BASE_URL] (a running server with the demo world).
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const PAGES = (process.env.PAGES ?? '/learn /learn/paths /learn/paths/1 /learn/lessons/1 /learn/lessons/4 /learn/assessments/1 /learn/progress').split(' ');
const BUDGET_MS = 2000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${base}/signin`);
await page.locator('#field-email').fill('learner@ruralrise.test');
await page.locator('#field-password').fill('ruralrise-demo');
await page.getByRole('button', { name: 'Sign in', exact: true }).click();
await page.waitForURL(/\/learn$/);

const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
await cdp.send('Network.emulateNetworkConditions', {
  offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8,
});
let bytes = 0;
cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });

let over = 0;
console.log(`${'page'.padEnd(22)} ${'first paint'.padStart(12)} ${'heading'.padStart(9)} ${'loaded'.padStart(9)} ${'bytes'.padStart(8)}`);
for (const path of PAGES) {
  bytes = 0;
  const started = Date.now();
  await page.goto(`${base}${path}`, { waitUntil: 'commit' });
  await page.locator('h1').first().waitFor({ state: 'visible', timeout: 30_000 });
  const heading = Date.now() - started;
  await page.waitForLoadState('load');
  const loaded = Date.now() - started;
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const verdict = paint <= BUDGET_MS ? '' : `  OVER ${BUDGET_MS} ms`;
  if (!(paint <= BUDGET_MS)) over = 1;
  console.log(`${path.padEnd(22)} ${`${Math.round(paint)} ms`.padStart(12)} ${`${heading} ms`.padStart(9)} ${`${loaded} ms`.padStart(9)} ${String(bytes).padStart(8)}${verdict}`);
}
await browser.close();
process.exit(over);
