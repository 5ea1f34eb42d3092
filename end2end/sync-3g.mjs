// Times a full sync of 1,000 queued actions over the emulated slow-3G link (400 kbit/s each way,
// 400 ms round trip, as slow-3g.mjs) in Debian's Chromium, through the real offline layer
// (public/offline.js): the learner's phone goes offline, 1,000 progress saves are queued in
// IndexedDB, the link comes back slow, and the queue drains in chunks. Prints the time from the
// link coming back to the queue being empty, the chunks, and the bytes each way; fails when the
// sync takes over 5 s. Usage: node sync-3g.mjs [BASE_URL] (a running server with the demo world).
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const ACTIONS = Number(process.env.ACTIONS ?? 1000);
const BUDGET_MS = 5000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${base}/signin`);
await page.locator('#field-email').fill(process.env.EMAIL ?? 'learner@ruralrise.test');
await page.locator('#field-password').fill('ruralrise-demo');
await page.getByRole('button', { name: 'Sign in', exact: true }).click();
await page.waitForURL(/\/learn$/);
await page.goto(`${base}/learn/paths`);
await page.locator('a[href^="/learn/paths/"]').first().click();
const lessons = await page.locator('ol.lessons a[href^="/learn/lessons/"]').evaluateAll((as) => as.map((a) => Number(a.getAttribute('href').split('/').pop())));
await page.waitForFunction(() => window.RuralRise);

const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
const sync = new Set();
let received = 0;
cdp.on('Network.requestWillBeSent', (e) => { if (e.request.url.endsWith('/api/sync/v1')) sync.add(e.requestId); });
cdp.on('Network.loadingFinished', (e) => { if (sync.has(e.requestId)) received += e.encodedDataLength; });
await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
await page.evaluate(async ({ n, lessons }) => {
  window.__sent = 0;
  const f = window.fetch;
  window.fetch = (url, opts) => {
    if (String(url).endsWith('/api/sync/v1') && opts) {
      window.__sent += typeof opts.body === 'string' ? new TextEncoder().encode(opts.body).length : opts.body.byteLength;
    }
    return f(url, opts);
  };
  for (let i = 0; i < n; i++) {
    await window.RuralRise.queue({ kind: 'progress', lesson: lessons[i % lessons.length], percent: 0, position: 0, seconds: 1 });
  }
}, { n: ACTIONS, lessons });
const waiting = () => page.evaluate(() => new Promise((done) => {
  const open = indexedDB.open('ruralrise');
  open.onsuccess = () => { const r = open.result.transaction('queue').objectStore('queue').count(); r.onsuccess = () => done(r.result); };
}));
const queued = await waiting();

await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 });
const started = Date.now();
while ((await waiting()) > 0) {
  if (Date.now() - started > 120_000) throw new Error('the queue did not drain in two minutes');
  await new Promise((r) => setTimeout(r, 50));
}
const took = Date.now() - started;
const sent = await page.evaluate(() => window.__sent);
console.log(`actions queued offline   ${queued}`);
console.log(`sync requests            ${sync.size}`);
console.log(`bytes sent (gzipped JSON) ${sent.toLocaleString('en')}`);
console.log(`bytes received (on wire) ${received.toLocaleString('en')}`);
console.log(`link back to queue empty ${(took / 1000).toFixed(2)} s (budget ${BUDGET_MS / 1000} s)`);
await browser.close();
if (took > BUDGET_MS) process.exit(1);
