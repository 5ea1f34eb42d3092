// Every page, as every role, in every language, with JavaScript on and off: axe finds no serious
// or critical WCAG 2.1 A/AA violation, no English is left on Kiswahili and French pages, nothing
// scrolls sideways at 320 px (400 % zoom of a 1280 px screen), every touch target is at least
// 44 × 44 px at phone width, and a screenshot of each is kept for people to look at.
import AxeBuilder from '@axe-core/playwright';
import { Browser, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import {
  englishOnlyWords, expect, interfaceWords, Language, LANGUAGES, LEARNER, one, OPS, query, READER, readIn, signIn, test, TRAINER,
} from './helpers';

/** A cohort (not the demo trainer's, which the PIN flow test changes) with a sign-in code and
 *  three learners with a PIN, so the PIN page has people on it. The stored "PIN" is a copy of a
 *  password hash: these pages are only looked at, never signed in through. */
const A11Y_CODE = 'ACDEFGHJ';
async function givePins() {
  await query(`update cohort set sign_in_code = $1
                where cohort_id = (select max(c.cohort_id) from cohort c join app_user t on t.user_id = c.trainer_id
                                    where t.email <> $2 and t.email not like 'xss-%' and c.status <> 'cancelled'
                                      and (select count(*) from cohort_member m where m.cohort_id = c.cohort_id) >= 3)
                  and sign_in_code is distinct from $1`, [A11Y_CODE, TRAINER]);
  await query(`insert into learner_pin (cohort_id, learner_id, pin_hash, picture)
               select cm.cohort_id, cm.learner_id, u.password_hash, (array['fish','goat','drum']::pin_picture[])[row_number() over ()]
                 from cohort_member cm join cohort c using (cohort_id) join app_user u on u.user_id = cm.learner_id
                where c.sign_in_code = $1 and u.role = 'learner'
                order by cm.learner_id limit 3
               on conflict do nothing`, [A11Y_CODE]);
}

type Visit = { name: string; path: string; before?: (page: Page) => Promise<void> };

const VISITOR: Visit[] = [
  { name: 'home', path: '/' },
  { name: 'signin', path: '/signin' },
  { name: 'signup', path: '/signup' },
  {
    name: 'signup-with-problems', path: '/signup',
    before: async (page) => {
      await page.goto('/signup');
      await page.locator('#field-email').fill('not-an-address');
      await page.locator('form[action$="sign_up"] button[type=submit]').click();
      await expect(page.locator('#field-email-error')).toBeVisible();
    },
  },
  { name: 'not-found', path: '/no-such-page' },
  { name: 'reset', path: '/reset' },
  { name: 'reset-link-expired', path: '/reset/new?token=made-up' },
  { name: 'verify-resend', path: '/verify/resend' },
  { name: 'pin', path: '/pin' },
  { name: 'pin-class', path: `/pin/${A11Y_CODE}`, before: async (page) => { await givePins(); await page.goto(`/pin/${A11Y_CODE}`); } },
  {
    name: 'pin-with-problems', path: `/pin/${A11Y_CODE}`,
    before: async (page) => {
      await givePins();
      await page.goto(`/pin/${A11Y_CODE}`);
      await page.locator('form[action$="pin_sign_in"] button[type=submit]').click();
      await expect(page.locator('.people .error')).toBeVisible();
    },
  },
];

/** `parts`: the role's visits are split over this many tests (every `parts`-th visit each), so
 *  each stays well inside its time limit and the two workers share a long list. */
const ROLES: { role: string; email: string; parts?: number; visits: () => Promise<Visit[]> }[] = [
  {
    role: 'learner', email: LEARNER,
    visits: async () => [
      { name: 'learn', path: '/learn' }, { name: 'learn-achievements', path: '/learn/achievements' },
      { name: 'learn-profile', path: '/learn/profile' }, { name: 'learn-progress', path: '/learn/progress' },
      { name: 'learn-inbox', path: '/learn/inbox' },
      // Her latest quiz result and a module check (with an open question); neither page runs
      // the lesson script, so her figures stay as seeded.
      {
        name: 'learn-result',
        path: await one<string>(
          `select '/learn/assessments/' || s.assessment_id || '/result/' || s.submission_id from submission s
             join app_user u on u.user_id = s.learner_id where u.email = $1 and s.assessment_id > 1000
            order by s.submission_id desc limit 1`, [LEARNER]),
      },
      {
        name: 'learn-assessment',
        path: await one<string>(
          `select '/learn/assessments/' || a.assessment_id from assessment a join module m using (module_id)
             join enrolment e using (learning_path_id) join app_user u on u.user_id = e.learner_id
            where u.email = $1 and a.assessment_id < 1000 order by m.position desc limit 1`, [LEARNER]),
      },
      {
        name: 'learn-profile-with-problems', path: '/learn/profile',
        before: async (page) => {
          await page.goto('/learn/profile');
          await page.locator('#field-weekly_goal').fill('99999');
          await page.locator('form[action$="save_profile"] button[type=submit]').click();
          await expect(page.locator('#field-weekly_goal-error')).toBeVisible();
        },
      },
      { name: 'no-access', path: '/ops' }, { name: 'account', path: '/account' },
    ],
  },
  {
    // Lessons are opened as the reader (same path as the demo learner): their script saves
    // progress, which must not change the demo learner's own figures.
    role: 'reader', email: READER,
    visits: async () => {
      const path = await one<string>(
        `select e.learning_path_id from enrolment e join app_user u on u.user_id = e.learner_id where u.email = $1 limit 1`, [READER]);
      const open = await one<string>(`select learning_path_id from learning_path where open_enrolment order by 1 limit 1`);
      const lesson = (kind: string) => one<string>(
        `select l.lesson_id from lesson l join module m using (module_id) where m.learning_path_id = $1 and l.kind = $2::lesson_kind
          order by m.position, l.position limit 1`, [path, kind]);
      return [
        { name: 'learn-paths', path: '/learn/paths' }, { name: 'learn-path', path: `/learn/paths/${path}` },
        { name: 'learn-open-path', path: `/learn/paths/${open}` },
        { name: 'learn-text-lesson', path: `/learn/lessons/${await lesson('text')}` },
        { name: 'learn-video-lesson', path: `/learn/lessons/${await lesson('video')}` },
        { name: 'learn-scenario', path: `/learn/lessons/${await lesson('interactive')}` },
        { name: 'learn-quiz', path: `/learn/lessons/${await lesson('quiz')}` },
      ];
    },
  },
  {
    role: 'trainer', email: TRAINER, parts: 2,
    visits: async () => {
      const cohort = await one<string>(
        `select c.cohort_id from cohort c join app_user u on u.user_id = c.trainer_id where u.email = $1 order by 1 limit 1`, [TRAINER]);
      const member = await one<string>(
        `select min(cm.learner_id) from cohort_member cm where cm.cohort_id = $1`, [cohort]);
      // The newest unflagged waiting work (the flag form is tried on it): the older end of the queue is
      // what the grading test works through.
      const pending = await one<string>(
        `select s.submission_id from submission s join cohort c using (cohort_id) join app_user u on u.user_id = c.trainer_id
          where u.email = $1 and s.status = 'pending' and not s.flagged order by s.submission_id desc limit 1`, [TRAINER]);
      return [
        { name: 'train', path: '/train' }, { name: 'train-cohort', path: `/train?cohort=${cohort}` },
        { name: 'train-queue', path: '/train/queue?sort=uncertain' },
        { name: 'train-at-risk', path: `/train/at-risk?cohort=${cohort}` },
        { name: 'train-learner', path: `/train/learners/${member}` },
        { name: 'train-performance', path: '/train/performance' },
        { name: 'train-grading', path: `/train/submissions/${pending}?sort=uncertain` },
        {
          name: 'train-grading-with-problems', path: `/train/submissions/${pending}`,
          before: async (page) => {
            await page.goto(`/train/submissions/${pending}`);
            await page.locator('#flag-button').click();
            await expect(page.locator('#flag-reason-error')).toBeVisible();
          },
        },
        { name: 'train-pins', path: `/train/cohorts/${cohort}/pins` },
        { name: 'train-members', path: `/train/cohorts/${cohort}?q=learner0000` },
        { name: 'train-edit', path: `/train/cohorts/${cohort}/edit` },
        { name: 'train-new', path: '/train/cohorts/new' },
        {
          name: 'train-new-with-problems', path: '/train/cohorts/new',
          before: async (page) => {
            await page.goto('/train/cohorts/new');
            await page.locator('form[action$="create_cohort"] button[type=submit]').click();
            await expect(page.locator('#field-name-error')).toBeVisible();
          },
        },
      ];
    },
  },
  {
    role: 'operations', email: OPS, parts: 4,
    visits: async () => [
      { name: 'ops', path: '/ops' }, { name: 'ops-trainers', path: '/ops/trainers' },
      { name: 'ops-accounts', path: `/ops/accounts?email=${encodeURIComponent(LEARNER)}` },
      { name: 'ops-audit', path: '/ops/audit' }, { name: 'ops-health', path: '/ops/health' },
      { name: 'ops-client', path: '/ops?client=1&path=1' }, { name: 'ops-bad-filter', path: '/ops?from=2026-11-10&to=2026-11-01' },
      { name: 'ops-clients', path: '/ops/clients' }, { name: 'ops-client-page', path: '/ops/clients/1' },
      { name: 'ops-trainer-page', path: '/ops/trainers/2' }, { name: 'ops-redistribute', path: '/ops/redistribute' },
      { name: 'ops-risks', path: '/ops/risks' }, { name: 'ops-risks-resolved', path: '/ops/risks?status=resolved' },
      { name: 'ops-risk-page', path: '/ops/risks/1' },
      { name: 'ops-quality', path: '/ops/quality' }, { name: 'ops-quality-bad-filter', path: '/ops/quality?client=999999' },
      { name: 'ops-recommendations', path: '/ops/recommendations' },
      { name: 'ops-reports', path: '/ops/reports' }, { name: 'ops-reports-refused', path: '/ops/reports?report=grading&from=2026-11-10&to=2026-11-01' },
      {
        name: 'ops-risk-with-problems', path: '/ops/risks/new',
        before: async (page) => {
          await page.goto('/ops/risks/new');
          await page.locator('#ticket-form button[type=submit]').click();
          await expect(page.locator('#field-title-error')).toBeVisible();
        },
      },
      {
        name: 'ops-trainer-with-problems', path: '/ops/trainers/2',
        before: async (page) => {
          await page.goto('/ops/trainers/2');
          await page.locator('#field-capacity').fill('-1');
          await page.locator('#capacity button[type=submit]').click();
          await expect(page.locator('#field-capacity-error')).toBeVisible();
        },
      },
      {
        name: 'ops-client-with-problems', path: '/ops/clients/new',
        before: async (page) => {
          await page.goto('/ops/clients/new');
          await page.locator('#field-phone').fill('call me');
          await page.locator('form[action$="save_client"] button[type=submit]').click();
          await expect(page.locator('#field-name-error')).toBeVisible();
        },
      },
    ],
  },
];

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** axe with the WCAG 2.1 A/AA rules, detailing only violations (passes are not listed node by node). */
const axe = (page: Page) => new AxeBuilder({ page }).withTags(WCAG_AA).options({ resultTypes: ['violations'] });
const shots = `${__dirname}/../test-results/screenshots`;

/** Serious and critical violations on the page as it is now. axe's checks are asynchronous and
 *  cannot run where scripts are disabled, so with JavaScript off the very document the browser
 *  holds is served again to a scripted page whose own script requests are all refused. */
async function axeViolations(page: Page, browser: Browser, javaScriptEnabled: boolean) {
  let results;
  if (javaScriptEnabled) {
    results = await axe(page).analyze();
  } else {
    const copy = await scriptedCopy(browser);
    copy.serve = { url: page.url(), html: await page.content() };
    await copy.page.goto(copy.serve.url);
    results = await axe(copy.page).analyze();
  }
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The scripted page that re-serves a script-free page's document to axe: one per worker, since
 *  opening a browser context for each page visited cost about a second. */
type Copy = { browser: Browser; page: Page; serve: { url: string; html: string } };
let copyPage: Copy | undefined;
async function scriptedCopy(browser: Browser): Promise<Copy> {
  if (copyPage && copyPage.browser === browser && !copyPage.page.isClosed()) return copyPage;
  const context = await browser.newContext({ javaScriptEnabled: true });
  const copy: Copy = { browser, page: await context.newPage(), serve: { url: '', html: '' } };
  await copy.page.route('**/*', (r) => {
    if (r.request().url() === copy.serve.url) return r.fulfill({ body: copy.serve.html, contentType: 'text/html; charset=utf-8' });
    return r.request().resourceType() === 'script' ? r.abort() : r.continue();
  });
  copyPage = copy;
  return copy;
}

/** Interactive elements smaller than 44 × 44 px, leaving out links inside a sentence (WCAG
 *  exempts inline targets) and the skip link, which is off screen until focused. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    document.querySelectorAll('a, button, input:not([type=hidden]), select, textarea').forEach((e) => {
      const el = e as HTMLElement;
      if (el.classList.contains('skip') || el.closest('[hidden]') || el.offsetParent === null) return;
      if (el.tagName === 'A' && el.parentElement && ['P', 'LI'].includes(el.parentElement.tagName)) return;
      const r = el.getBoundingClientRect();
      if (Math.round(r.width) < 44 || Math.round(r.height) < 44) {
        out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute('name') ?? '').trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    });
    return out;
  });
}

async function check(page: Page, browser: Browser, javaScriptEnabled: boolean, language: Language, role: string, visit: Visit) {
  await page.setViewportSize({ width: 375, height: 800 });
  if (visit.before) await visit.before(page);
  else await page.goto(visit.path);
  const where = `${role} ${visit.name} (${language}, JS ${javaScriptEnabled ? 'on' : 'off'})`;
  await expect(page.locator('html'), where).toHaveAttribute('lang', language);

  const violations = await axeViolations(page, browser, javaScriptEnabled);
  console.log(`axe ${where}: ${violations.length} serious or critical`);
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), where).toEqual([]);

  const found = await interfaceWords(page);
  if (language === 'en') {
    // The detector sees this page's words at all, so a clean Kiswahili or French result means something.
    const english = new Set([...englishOnlyWords('sw')].filter((w) => englishOnlyWords('fr').has(w)));
    expect(found.filter((w) => english.has(w)).length, `${where}: English words seen`).toBeGreaterThan(3);
  } else {
    const leftovers = [...new Set(found.filter((w) => englishOnlyWords(language).has(w)))];
    expect(leftovers, `${where}: English words on a ${language} page`).toEqual([]);
  }

  expect(await smallTargets(page), `${where}: targets under 44 px`).toEqual([]);
  await page.setViewportSize({ width: 320, height: 800 });
  // Let the page answer the resize (ECharts redraws its chart on it) before measuring.
  if (javaScriptEnabled) await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${where}: sideways scrolling at 320 px`).toBeLessThanOrEqual(0);

  if (javaScriptEnabled) {
    mkdirSync(shots, { recursive: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: `${shots}/${language}-${role}-${visit.name}-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${shots}/${language}-${role}-${visit.name}-1280.png`, fullPage: true });
  }
}

test('axe, as set up here, does catch violations, with JavaScript on and off', async ({ page, browser, javaScriptEnabled }) => {
  // A page with an unlabelled field, an image without text and grey-on-white text, served at a
  // real address of the site so the no-JavaScript path (which reloads the document) sees it too.
  const broken = `<!doctype html><html lang="en"><head><title>x</title></head><body><main>
    <input type="text"><img src="/favicon.svg"><p style="color:#bbb">faint</p></main></body></html>`;
  await page.route('**/axe-self-check', (r) => r.fulfill({ body: broken, contentType: 'text/html' }));
  await page.goto('/axe-self-check');
  const found = (await axeViolations(page, browser, javaScriptEnabled)).map((v) => v.id).sort();
  expect(found).toEqual(expect.arrayContaining(['color-contrast', 'image-alt', 'label']));
});

test('the word lists behind the English check are big enough to mean something', async () => {
  for (const language of ['sw', 'fr'] as const) expect(englishOnlyWords(language).size).toBeGreaterThan(150);
});

for (const language of LANGUAGES) {
  // In parts of four pages, so the two workers share them and none runs into the time limit.
  const parts = Array.from({ length: Math.ceil(VISITOR.length / 4) }, (_, i) => VISITOR.slice(i * 4, i * 4 + 4));
  for (const [part, visits] of parts.entries()) {
    test(`every visitor page (part ${part + 1}) is accessible and in ${language}`, async ({ page, browser, consoleErrors, javaScriptEnabled }) => {
      test.setTimeout(120_000);
      await readIn(page, language);
      for (const visit of visits) await check(page, browser, javaScriptEnabled, language, 'visitor', visit);
      // Chromium logs the 404 document as a failed load; that status is the point of the page.
      consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('status of 404')));
    });
  }

  for (const { role, email, parts = 1, visits } of ROLES) {
    for (let part = 0; part < parts; part++) {
      const title = parts > 1 ? `every ${role} page (part ${part + 1})` : `every ${role} page`;
      test(`${title} is accessible and in ${language}`, async ({ page, browser, consoleErrors, javaScriptEnabled }) => {
        test.setTimeout(120_000);
        await signIn(page, email);
        await expect(page).not.toHaveURL(/signin/);
        await readIn(page, language);
        const mine = (await visits()).filter((_, i) => i % parts === part);
        for (const visit of mine) await check(page, browser, javaScriptEnabled, language, role, visit);
        consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('status of 403')));
      });
    }
  }
}
