// Playwright drives Debian's Chromium (never a downloaded browser) against the release build,
// which starts its own PostgreSQL in target/e2e-data with fresh demo data.
import { defineConfig } from '@playwright/test';

// Lets a test see and route the service worker's own requests (offline.spec.ts takes the worker
// offline too: context.setOffline alone leaves its fetches on the network).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

export const PORT = 3100;
export const SMTP_PORT = 2525;
export const MAIL_PORT = 3125;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  projects: [
    // The hostile world of the XSS suite is seeded once, before any test looks at the data.
    { name: 'seed', testMatch: /\.setup\.ts$/ },
    { name: 'js', use: { javaScriptEnabled: true }, dependencies: ['seed'] },
    { name: 'no-js', use: { javaScriptEnabled: false }, dependencies: ['seed'] },
    // Tests that change the whole world (moving cohorts between trainers) run after every other,
    // one project at a time, so no other test's trainer changes under it.
    { name: 'late-js', testMatch: /\.late\.ts$/, use: { javaScriptEnabled: true }, dependencies: ['js', 'no-js'] },
    { name: 'late-no-js', testMatch: /\.late\.ts$/, use: { javaScriptEnabled: false }, dependencies: ['late-js'] },
  ],
  webServer: [{
    // Letters leave the app over real SMTP and land here; tests read them over HTTP.
    command: 'node mail-catcher.mjs',
    url: `http://127.0.0.1:${MAIL_PORT}/healthz`,
    env: { SMTP_PORT: String(SMTP_PORT), HTTP_PORT: String(MAIL_PORT) },
    timeout: 30_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: './target/release/ruralrise serve',
    cwd: '..',
    url: `http://127.0.0.1:${PORT}/healthz`,
    env: { LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`, RURALRISE_DATA_DIR: 'target/e2e-data', DATABASE_URL: '', RURALRISE_DEMO: 'true',
      RURALRISE_SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}` },
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'ignore',
    stderr: 'pipe',
  }],
});
