// Shared steps: sign in through the real form, ask the database for the truth, watch the console.
import { expect, Page, test as base } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';

export const PASSWORD = 'ruralrise-demo';
export const LEARNER = 'learner@ruralrise.test';
export const TRAINER = 'trainer@ruralrise.test';
export const OPS = 'ops@ruralrise.test';

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/signin');
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The e2e server's own database, reached through the socket its embedded cluster reports. */
export async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const dataDir = resolve(__dirname, '../../target/e2e-data');
  const host = readFileSync(resolve(dataDir, 'socket_dir'), 'utf8').trim();
  const client = new pg.Client({ host, user: 'postgres', database: 'ruralrise' });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function one<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = await query<Record<string, T>>(sql, params);
  return Object.values(rows[0])[0];
}

/** Fails a test whose page logged an error, e.g. a Content-Security-Policy violation or a wasm failure. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});

export { expect };
