// Shared steps: sign in through the real form, ask the database for the truth, watch the console.
import { expect, Page, test as base } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';

export const PASSWORD = 'ruralrise-demo';
export const LEARNER = 'learner@ruralrise.test';
export const TRAINER = 'trainer@ruralrise.test';
export const OPS = 'ops@ruralrise.test';

/** The learning flows (learn.spec.ts) each get a fresh learner per project, made by learn.setup.ts. */
export const FLOWS = ['text', 'video', 'scenario', 'settings', 'quiz', 'offline', 'update', 'provisional'] as const;
export const learnerFor = (flow: (typeof FLOWS)[number], project: string) => `e2e-${flow}-${project}@ruralrise.test`;
/** Opens lessons of the demo learner's path (whose script saves progress) in her place. */
export const READER = 'e2e-reader@ruralrise.test';

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

/** Waits until the background pre-scorer has scored a trainer's open answers (it starts with the app). */
export async function prescored(trainerId: string, timeoutMs = 60_000) {
  // Only this trainer's work: other suites store submissions straight in the database, which the
  // pre-scorer finds on its next idle round (a minute), not at once.
  const until = Date.now() + timeoutMs;
  const due = `select count(*) from submission s join cohort c on c.cohort_id = s.cohort_id
                where s.prescore_due and c.trainer_id = $1`;
  while (Number(await one<string>(due, [trainerId])) > 0) {
    if (Date.now() > until) throw new Error('open answers are still waiting for their pre-score');
    await new Promise((r) => setTimeout(r, 250));
  }
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

export const LANGUAGES = ['en', 'sw', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Chooses the language the way a visitor's switcher post would remember it: the language cookie. */
export async function readIn(page: Page, language: Language) {
  await page.context().addCookies([{ name: 'rr_lang', value: language, url: test.info().project.use.baseURL! }]);
}

function localeStrings(language: Language): string[] {
  const json = JSON.parse(readFileSync(resolve(__dirname, `../../locales/${language}.json`), 'utf8'));
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v.replace(/\{\{[^}]*\}\}/g, ' '));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(json);
  return out;
}

function words(texts: string[]): Set<string> {
  const set = new Set<string>();
  for (const t of texts) for (const w of t.toLowerCase().match(/\p{L}{3,}/gu) ?? []) set.add(w);
  return set;
}

/** Words of the English interface that the other language's file never uses: seeing one on a
 *  page in that language means an English literal (or a missing translation) slipped through. */
export function englishOnlyWords(language: Exclude<Language, 'en'>): Set<string> {
  // Built once per worker: every page of the accessibility suite asks.
  let found = englishOnly.get(language);
  if (!found) {
    const other = words(localeStrings(language));
    found = new Set([...words(localeStrings('en'))].filter((w) => !other.has(w)));
    englishOnly.set(language, found);
  }
  return found;
}
const englishOnly = new Map<Language, Set<string>>();

/** Interface words on the page: visible text, titles and accessible names, leaving out what is
 *  marked as another language (`lang`) or as a name or user data (`translate="no"`). */
export async function interfaceWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pageLang = document.documentElement.lang;
    const body = document.body.cloneNode(true) as HTMLElement;
    body.querySelectorAll('script, style, [translate="no"]').forEach((e) => e.remove());
    body.querySelectorAll('[lang]').forEach((e) => { if (e.getAttribute('lang') !== pageLang) e.remove(); });
    // The tab title repeats the page's heading; authored content there is marked on the heading.
    let title = document.title;
    document.querySelectorAll('h1[lang]').forEach((h) => {
      if (h.getAttribute('lang') !== pageLang) title = title.replace(h.textContent ?? '', '');
    });
    const texts = [title, body.textContent ?? ''];
    body.querySelectorAll('[aria-label], [title], [alt], [placeholder], input[type=submit], button[value]').forEach((e) => {
      for (const a of ['aria-label', 'title', 'alt', 'placeholder']) texts.push(e.getAttribute(a) ?? '');
    });
    return texts.join(' ').toLowerCase().match(/\p{L}{3,}/gu) ?? [];
  });
}

export type Letter = { to: string; subject: string; text: string; html: string; language: string };

/** The newest letter the app sent to `to` over SMTP (see mail-catcher.mjs), waiting for it to arrive. */
export async function letterTo(to: string, count = 1): Promise<Letter> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`http://127.0.0.1:3125/letters?to=${encodeURIComponent(to)}`);
    const letters = (await res.json()) as Letter[];
    if (letters.length >= count) return letters[letters.length - 1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no letter reached ${to}`);
}

/** The link to `path` in a letter's plain-text part, as a path and query on this site. */
export function linkIn(letter: Letter, path: string): string {
  const match = new RegExp(`https?://[^/\\s]+(${path.replace('/', '\\/')}\\?token=[A-Za-z0-9_-]+)`).exec(letter.text);
  if (!match) throw new Error(`no ${path} link in: ${letter.text}`);
  return match[1];
}
