// Stored and reflected cross-site scripting: with every free-text field holding a classic payload
// (xss.setup.ts), every page that can show one is opened as the person who sees it, and no payload
// may run, turn into markup, or make the Content-Security-Policy report anything. Payloads typed
// into forms and query strings come back on the page as text too.
import { Page, test as plainTest } from '@playwright/test';
import { expect, one, OPS, PASSWORD, signIn, test } from './helpers';
import { PAYLOADS, XSS_CODE, XSS_TARGET, XSS_TRAINER, xssLearner } from './xss-payloads';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'a payload can only run where scripts run');

/** Records calls to __xss, dialogs and CSP violations from the first script of every page. */
async function watch(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __hits: unknown[]; __violations: string[]; __xss: (n: unknown) => void };
    w.__hits = [];
    w.__violations = [];
    w.__xss = (n) => w.__hits.push(n);
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  return dialogs;
}

/** Nothing ran, nothing was blocked, and no payload became an element or an event handler. */
async function clean(page: Page, where: string, dialogs: string[]) {
  await page.waitForLoadState('load');
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __hits: unknown[]; __violations: string[] };
    const handlers = [...document.querySelectorAll('*')]
      .filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
      .map((e) => e.outerHTML.slice(0, 80));
    const scripts = [...document.querySelectorAll('script')].filter((s) => !s.nonce).map((s) => s.outerHTML.slice(0, 80));
    const foreign = [...document.querySelectorAll('iframe, object, embed, base, meta[http-equiv], svg script, template, marquee, audio, video')]
      .map((e) => e.outerHTML.slice(0, 80));
    const urls = [...document.querySelectorAll('[href], [src], [action], [formaction]')]
      .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('formaction') ?? '')
      .filter((u) => /^\s*(javascript|data|vbscript):/i.test(u));
    return { hits: w.__hits, violations: w.__violations, handlers, scripts, foreign, urls };
  });
  expect({ ...seen, dialogs }, where).toEqual({ hits: [], violations: [], handlers: [], scripts: [], foreign: [], urls: [], dialogs: [] });
}

/** The page shows every one of `texts` as text (escaped once: stored, not dropped or decoded). */
async function showsAsText(page: Page, texts: string[], where: string) {
  const body = await page.evaluate(() => document.body.textContent ?? '');
  const missing = texts.filter((t) => !body.includes(t));
  expect(missing, `${where}: payloads shown as text`).toEqual([]);
}

async function asXssUser(page: Page, email: string) {
  await signIn(page, email, PASSWORD);
  await expect(page.locator('main')).toBeVisible();
}

test('a learner named with a payload sees their pages clean', async ({ page }) => {
  const dialogs = await watch(page);
  await asXssUser(page, xssLearner(0));
  for (const path of ['/learn', '/learn/paths', '/learn/achievements', '/learn/profile', '/learn/progress', '/account']) {
    await page.goto(path);
    await clean(page, path, dialogs);
    await showsAsText(page, [PAYLOADS[0]], path);
  }
});

test('the trainer of hostile cohorts sees console, roster and PINs clean', async ({ page }) => {
  const dialogs = await watch(page);
  await asXssUser(page, XSS_TRAINER);
  await page.goto('/train');
  await clean(page, '/train', dialogs);
  await showsAsText(page, PAYLOADS.slice(0, 10), '/train');
  const cohort = await one<string>('select cohort_id from cohort where name = $1', [PAYLOADS[0]]);
  for (const path of [`/train?cohort=${cohort}`, `/train/cohorts/${cohort}/edit`, `/train/cohorts/${cohort}`]) {
    await page.goto(path);
    await clean(page, path, dialogs);
  }
  await showsAsText(page, PAYLOADS.slice(0, 1), 'cohort page');
  await page.goto(`/train/cohorts/${cohort}/pins`);
  await clean(page, 'PIN roster', dialogs);
  await showsAsText(page, PAYLOADS, 'PIN roster');
  // The grading queue, and a submission whose learner, assessment, prompt, answer and rubric are
  // all a payload.
  await page.goto('/train/queue');
  await clean(page, '/train/queue', dialogs);
  await showsAsText(page, PAYLOADS.slice(0, 5), '/train/queue');
  const submission = await one<string>(
    `select s.submission_id from submission s join profile p on p.user_id = s.learner_id where p.display_name = $1 limit 1`, [PAYLOADS[1]]);
  await page.goto(`/train/submissions/${submission}`);
  await clean(page, 'grading page', dialogs);
  await showsAsText(page, PAYLOADS.slice(1, 2), 'grading page');
});

test('a visitor sees the hostile cohort\'s PIN page clean', async ({ page }) => {
  const dialogs = await watch(page);
  await page.goto(`/pin/${XSS_CODE}`);
  await clean(page, '/pin/{code}', dialogs);
  await showsAsText(page, PAYLOADS, '/pin/{code}');
});

test('operations sees dashboards, trainers, a trainer\'s page, trainer load, risk tickets, quality, reports, recommendations, accounts and the audit log clean', async ({ page }) => {
  const dialogs = await watch(page);
  await asXssUser(page, OPS);
  const trainer = await one<string>(`select user_id from app_user where email = $1`, [XSS_TRAINER]);
  const sponsor = await one<string>('select client_org_id from client_org where name = $1', [PAYLOADS[0]]);
  const ticket = await one<string>(
    `select min(a.risk_alert_id) from risk_alert a join cohort c using (cohort_id) where c.trainer_id = $1`, [trainer]);
  for (const path of ['/ops', '/ops/trainers', `/ops/trainers/${trainer}`, '/ops/redistribute', '/ops/risks', `/ops/risks/${ticket}`,
    '/ops/quality', `/ops/quality?client=${sponsor}`, '/ops/reports', '/ops/recommendations', `/ops/accounts?email=${encodeURIComponent(xssLearner(3))}`]) {
    await page.goto(path);
    await clean(page, path, dialogs);
  }
  await page.goto(`/ops/audit?target_id=${XSS_TARGET}`);
  await clean(page, 'audit page 1', dialogs);
  await page.locator('#older').click();
  await clean(page, 'audit page 2', dialogs);
});

// Reflected: what was typed comes back in inputs, filters and messages.
for (const [part, slice] of [[1, PAYLOADS.slice(0, 30)], [2, PAYLOADS.slice(30)]] as const) {
  test(`typed payloads come back as text, part ${part}`, async ({ page }) => {
    test.setTimeout(120_000);
    const dialogs = await watch(page);
    await asXssUser(page, OPS);
    for (const p of slice) {
      const q = encodeURIComponent(p);
      await page.goto(`/ops/audit?actor=${q}&action=${q}&target_kind=${q}&target_id=${q}&from=${q}&to=${q}`);
      await clean(page, `audit filters ${p}`, dialogs);
      await expect(page.locator('#audit-target')).toHaveValue(p);
      await page.goto(`/ops/accounts?email=${q}`);
      await clean(page, `account search ${p}`, dialogs);
      // A trainer account form sent back with a problem keeps the name as typed.
      await page.goto('/ops/trainers');
      await page.locator('#field-name').fill(p);
      await page.locator('#field-email').fill('not an address');
      await page.locator('#field-password').fill('long enough password');
      await page.locator('form[action$="create_trainer"] button[type=submit]').click();
      await expect(page.locator('#field-email-error')).toBeVisible();
      await clean(page, `create trainer ${p}`, dialogs);
      await expect(page.locator('#field-name')).toHaveValue(p);
      await page.goto(`/reset/new?token=${q}`);
      await clean(page, `reset link ${p}`, dialogs);
    }
  });
}

plainTest('the detector, as set up here, catches a payload that became markup', async ({ page, javaScriptEnabled }) => {
  plainTest.skip(!javaScriptEnabled, 'needs scripts');
  const dialogs = await watch(page);
  await page.goto('/signin');
  await page.evaluate((p) => document.body.insertAdjacentHTML('beforeend', p), PAYLOADS[1]);
  await expect(clean(page, 'planted payload', dialogs)).rejects.toThrow(/violations|handlers/);
});
