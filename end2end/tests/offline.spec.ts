// Offline learning in Chromium: a learner saves a path to the phone, loses the connection,
// finishes two lessons and hands in a quiz, reloads pages from the phone's copies, and comes back
// online: the queue goes to /api/sync/v1 and the server holds each record exactly once, dated
// when it happened on the phone. Saving needs the offline layer's script, so this runs with
// JavaScript only (without it the box to save is not shown: tested below).
import type { BrowserContext, Page, Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, learnerFor, one, query, READER, signIn, test } from './helpers';

// The phone loses its connection: pages' requests and the service worker's alike.
const workerOffline = (route: Route) => (route.request().serviceWorker() ? route.abort('internetdisconnected') : route.continue());
async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await context.route('**', workerOffline);
}
async function goOnline(context: BrowserContext) {
  await context.unroute('**', workerOffline);
  await context.setOffline(false);
}

// A flow's learner, the bookkeeping path (open to join, saved lessons allowed) and its first two
// text lessons.
async function bookkeeping(flow: 'offline' | 'update' | 'provisional', project: string) {
  const email = learnerFor(flow, project);
  const id = await one<string>(`select user_id from app_user where email = $1`, [email]);
  const books = await one<string>(`select learning_path_id from learning_path where slug = 'digital-bookkeeping'`);
  const texts = await query<{ lesson_id: string; title: string }>(
    `select l.lesson_id, l.title from lesson l join module m using (module_id)
      where m.learning_path_id = $1 and l.kind = 'text' order by m.position, l.position limit 2`, [books]);
  const quiz = await one<string>(`select lesson_id from lesson where title = 'Cash book quiz'`);
  return { email, id, books, texts, quiz };
}

test('a path saved to the phone is learned offline and syncs back exactly once', async ({ page, context, consoleErrors, javaScriptEnabled }, info) => {
  const { email, id, books, texts, quiz } = await bookkeeping('offline', info.project.name);
  // Offline, only the layer's own tries to reach the server may fail (and be retried): every
  // page, stylesheet, script and medium must come from the phone.
  const failed: string[] = [];
  // (A load cut short by the test's next navigation is not a failure.)
  page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(new URL(r.url()).pathname); });
  await signIn(page, email);
  await page.goto(`/learn/paths/${books}`);
  await page.getByRole('button', { name: 'Join this path' }).click();
  await expect(page.locator('#path-progress')).toBeVisible();

  const save = page.locator('#offline-save');
  if (!javaScriptEnabled) {
    // Nothing to press that could not work: the box stays hidden and the lessons read as ever.
    await expect(save).toBeHidden();
    await expect(page.locator('#sync-status')).toBeHidden();
    return;
  }
  // The cost is shown before anything is fetched.
  const button = save.getByRole('button', { name: /^Save for offline \(\d+ lessons, [\d.]+ (KB|MB)\)$/ });
  await expect(button).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await button.click();
  await expect(page.locator('#offline-save-live')).toHaveText('Saved on this phone. These lessons now open without a connection.');
  await expect(page.locator('#sync-status')).toContainText('everything sent');
  const saved = Number(await one(`select count(*) from offline_copy where learner_id = $1`, [id]));
  expect(saved).toBeGreaterThan(2);
  // The dashboard, seen online, is kept too (the service worker now controls the page).
  await page.goto('/learn');
  await expect(page.locator('#sync-status')).toContainText('Online');

  await goOffline(context);
  for (const lesson of texts) {
    await page.goto(`/learn/lessons/${lesson.lesson_id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.title);
    await expect(page.locator('#sync-status')).toContainText('Copy saved on this phone');
    await page.getByRole('button', { name: 'I have finished this lesson' }).click();
    await expect(page.getByText('Saved on this phone. It will be sent when you are back online.')).toBeVisible();
  }
  await page.goto(`/learn/lessons/${quiz}`);
  await page.getByLabel('Write it as money taken out by the owner').check();
  for (const option of ['The date', 'What it was for', 'The amount in or out']) await page.getByLabel(option, { exact: true }).check();
  await page.getByLabel(/Money paid out of the business/).fill('expense');
  await page.getByLabel(/How much cash should be in the till/).fill('3,000');
  await page.getByRole('button', { name: 'Hand in my answers' }).click();
  await expect(page.getByText(/Your answers are saved on this phone/)).toBeVisible();
  // The quiz was saved with its keys, so the phone scores it at once, by the server's rules, and
  // says the score is provisional.
  const items = Number(await one(`select count(*) from assessment_item i join lesson l on l.content ->> 'assessment_id' = i.assessment_id::text
                                   where l.lesson_id = $1`, [quiz]));
  const provisional = page.locator('#provisional');
  await expect(provisional.getByRole('heading', { name: 'Provisional score' })).toBeVisible();
  await expect(provisional.locator('.provisional-score')).toHaveText(/^100%: (\d+) of \1 points, scored on this phone\.$/);
  await expect(provisional.getByRole('listitem')).toHaveText(Array.from({ length: items }, (_, i) => `Question ${i + 1}: right`));
  await expect(provisional).toContainText('This score is provisional.');

  // Pages open from the phone, saying how old their copy is; the queue waits, and says so.
  await page.goto('/learn');
  await expect(page.locator('#sync-status')).toContainText('Offline');
  await expect(page.locator('#sync-status')).toContainText(/\d+ actions waiting to be sent/);
  await page.reload();
  await expect(page.locator('#sync-status')).toContainText('Copy saved on this phone');
  await page.goto(`/learn/paths/${books}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Digital Bookkeeping for Small Shops');
  expect(Number(await one(`select count(*) from lesson_progress where learner_id = $1 and status = 'completed'`, [id]))).toBe(0);

  expect(failed.filter((path) => path !== '/api/sync/v1')).toEqual([]);
  await goOnline(context);
  // Back online, the next page the learner opens sends the queue.
  await page.goto('/learn');
  await expect(page.locator('#sync-status')).toContainText('everything sent', { timeout: 15_000 });
  const done = await query<{ lesson_id: string; completions: string }>(
    `select p.lesson_id, (select count(*) from activity_event e where e.user_id = $1 and e.lesson_id = p.lesson_id
                                                         and e.kind = 'lesson_completed') as completions
       from lesson_progress p where p.learner_id = $1 and p.status = 'completed' order by p.lesson_id`, [id]);
  expect(done.map((d) => d.lesson_id).sort()).toEqual([...texts.map((t) => t.lesson_id), quiz].sort());
  expect(done.every((d) => d.completions === '1')).toBe(true);
  expect(Number(await one(`select count(*) from submission where learner_id = $1`, [id]))).toBe(1);
  // The server's score is the phone's provisional one.
  expect(Number(await one(`select score from submission where learner_id = $1`, [id]))).toBe(100);
  // Every queued action arrived once, and counts at the time it was done on the phone.
  const receipts = await query<{ kind: string; n: string; early: boolean }>(
    `select kind::text, count(*) as n, bool_and(counted_at < received_at) as early from sync_receipt
      where learner_id = $1 and kind in ('complete', 'quiz') group by kind order by kind`, [id]);
  expect(receipts).toEqual([{ kind: 'complete', n: '2', early: true }, { kind: 'quiz', n: '1', early: true }]);
  expect(Number(await one(`select count(*) from sync_receipt where learner_id = $1 and outcome <> 'applied'`, [id]))).toBe(0);

  // The dashboard, online again, shows it; today's offline study keeps a streak going.
  await page.reload();
  await expect(page.locator('#sync-status')).not.toContainText('Copy saved');
  await expect(page.locator('#streak .value')).toHaveText('1 day');
  await page.goto('/learn/saved');
  await expect(page.locator('#saved-list')).toContainText(`Lessons on this phone: ${saved}`);

  // Only the layer's own tries to reach the server failed (a retry may fire just as the link
  // returns); the browser reports those as failed loads, and nothing else is.
  expect(failed.filter((path) => path !== '/api/sync/v1')).toEqual([]);
  const expectedFailures = (e: string) => e === 'Failed to load resource: net::ERR_INTERNET_DISCONNECTED';
  expect(consoleErrors.filter(expectedFailures).length).toBeLessThanOrEqual(failed.length);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expectedFailures(e)));
});

// The phone's provisional scorer (public/offline.js) against the cases the server's scorer is
// held to as well (src/domain/assessment.rs reads the same file): same results, same refusals.
test('the phone scores a quiz by the same written cases as the server', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the provisional scorer is part of the offline layer\'s script');
  type Value = string | { repeat: string; times: number };
  type Case = { name: string; quiz: string; form: Record<string, Value>; expect: Record<string, unknown> };
  const fixture = JSON.parse(readFileSync(join(__dirname, '../../tests/fixtures/scoring-cases.json'), 'utf8')) as {
    quizzes: Record<string, unknown[]>;
    cases: Case[];
  };
  await signIn(page, READER);
  await page.goto('/learn');
  await page.waitForFunction(() => 'RuralRise' in window);
  const got = await page.evaluate((f) => {
    const scoring = (window as unknown as { RuralRise: { scoring: { score: (items: unknown[], form: Record<string, string>) => any } } }).RuralRise.scoring;
    return f.cases.map((c) => {
      const form: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.form)) form[k] = typeof v === 'string' ? v : v.repeat.repeat(v.times);
      const s = scoring.score(f.quizzes[c.quiz], form);
      return s.error
        ? { error: s.error, position: s.position }
        : { correct: s.items.map((i: any) => i.correct), points: s.items.map((i: any) => i.points), auto_points: s.auto_points,
            auto_max: s.auto_max, waits_for_trainer: s.waits_for_trainer, percent: s.percent };
    });
  }, fixture);
  expect(fixture.cases.length).toBeGreaterThanOrEqual(15);
  fixture.cases.forEach((c, i) => expect(got[i], c.name).toEqual(c.expect));
});

// What this phone holds: saved lessons, page copies, app files, and the queue's length.
async function onPhone(page: Page) {
  return page.evaluate(async () => {
    const paths = async (name: string) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname).sort();
    const queued = await new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('ruralrise');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const count = open.result.transaction('queue').objectStore('queue').count();
        count.onsuccess = () => { resolve(count.result); open.result.close(); };
      };
    });
    return { saved: await paths('rr-saved'), pages: await paths('rr-pages'), files: await paths('rr-files'), queued };
  });
}

// The running service worker's VERSION (it answers a 'version' message).
async function workerVersion(page: Page) {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    const worker = reg?.active;
    if (!worker) return '';
    return new Promise<string>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => resolve(String(e.data));
      worker.postMessage('version', [channel.port2]);
      setTimeout(() => resolve(''), 2_000);
    });
  });
}

test('a new deployment keeps saved lessons, page copies and queued actions', async ({ page, context, javaScriptEnabled }, info) => {
  test.skip(!javaScriptEnabled, 'the service worker is installed by the offline layer\'s script');
  const { email, id, books, texts } = await bookkeeping('update', info.project.name);
  await signIn(page, email);
  await page.goto(`/learn/paths/${books}`);
  await page.getByRole('button', { name: 'Join this path' }).click();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.locator('#offline-save').getByRole('button', { name: /^Save for offline/ }).click();
  await expect(page.locator('#offline-save-live')).toHaveText('Saved on this phone. These lessons now open without a connection.');
  await page.goto('/learn');
  const old = await workerVersion(page);
  expect(old).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);

  // Offline, a lesson is finished: the action waits on the phone.
  await goOffline(context);
  await page.goto(`/learn/lessons/${texts[0].lesson_id}`);
  await page.getByRole('button', { name: 'I have finished this lesson' }).click();
  await expect(page.getByText('Saved on this phone. It will be sent when you are back online.')).toBeVisible();
  // An earlier deployment left an app file no kept page loads any more.
  await page.evaluate(() => caches.open('rr-files').then((c) => c.put('/pkg/ruralrise.OLD.js', new Response('old', { headers: { 'content-type': 'text/javascript' } }))));
  const before = await onPhone(page);
  expect(before.queued).toBe(1);
  expect(before.files).toContain('/pkg/ruralrise.OLD.js');
  expect(before.saved).toContain(`/learn/lessons/${texts[1].lesson_id}`);

  // The connection returns with a new deployment while the sync endpoint still cannot be
  // reached, so the queue lives through the update. (Playwright cannot rewrite a service worker's
  // own script request, so the new version is the same file under a new address: the browser
  // installs it beside the old one and it takes over, as with any changed sw.js.)
  await goOnline(context);
  const unreachable = (route: Route) => route.abort('internetdisconnected');
  await context.route('**/api/sync/v1', unreachable);
  // The worker in charge, once it has finished taking over (its clean-up included).
  const activeScript = () => page.evaluate(async () => {
    const active = (await navigator.serviceWorker.getRegistration())?.active;
    return active?.state === 'activated' ? active.scriptURL : '';
  });
  expect(new URL(await activeScript()).pathname + new URL(await activeScript()).search).toBe('/sw.js');
  await page.evaluate(async () => { await navigator.serviceWorker.register('/sw.js?deployment=next'); });
  await expect.poll(activeScript, { timeout: 15_000 }).toMatch(/\/sw\.js\?deployment=next$/);
  expect(await workerVersion(page)).toBe(old);
  const after = await onPhone(page);
  expect(after.saved).toEqual(before.saved);
  expect(after.pages).toEqual(before.pages);
  expect(after.queued).toBe(1);
  expect(after.files).not.toContain('/pkg/ruralrise.OLD.js');
  expect(after.files.filter((f) => f.startsWith('/pkg/')).length).toBeGreaterThan(0);

  // Under the new worker, a saved lesson still opens offline.
  await goOffline(context);
  await page.goto(`/learn/lessons/${texts[1].lesson_id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(texts[1].title);
  await expect(page.locator('#sync-status')).toContainText('Copy saved on this phone');

  // Back online with the endpoint reachable, the queued action arrives once.
  await goOnline(context);
  await context.unroute('**/api/sync/v1', unreachable);
  await page.goto('/learn');
  await expect(page.locator('#sync-status')).toContainText('everything sent', { timeout: 15_000 });
  expect(await query(`select lesson_id::text, status::text from lesson_progress where learner_id = $1 and status = 'completed'`, [id]))
    .toEqual([{ lesson_id: texts[0].lesson_id, status: 'completed' }]);
  expect(Number(await one(`select count(*) from sync_receipt where learner_id = $1 and kind = 'complete'`, [id]))).toBe(1);
});

// RuralRise installs to the home screen: Chromium's own installability check finds nothing
// missing once the service worker runs, and the app opens on the learner's dashboard.
test('Chromium finds RuralRise installable, opening on the dashboard', async ({ page, context, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the service worker is installed by the offline layer\'s script');
  await signIn(page, READER);
  await page.goto('/learn');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // A test browser's context is a private window, which Chromium never installs from; every
  // other criterion is the app's.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
  const { url, data } = await cdp.send('Page.getAppManifest');
  expect(new URL(url).pathname).toBe('/manifest.webmanifest');
  const manifest = JSON.parse(data ?? '{}');
  expect([manifest.start_url, manifest.display, manifest.theme_color]).toEqual(['/learn', 'standalone', '#1f5130']);
  const meta = await page.locator('meta[name="theme-color"]').getAttribute('content');
  expect(meta).toBe('#1f5130');
});

// A quiz lesson saved on its own page, handed in offline with one answer wrong: the phone's
// provisional score comes at once; when the connection returns on the same page, RuralRise's
// receipt shows its own score under it, and it is the same.
test('a quiz scored on the phone is confirmed by RuralRise when the connection returns', async ({ page, context, javaScriptEnabled }, info) => {
  test.skip(!javaScriptEnabled, 'the provisional score is the offline layer\'s');
  const { email, id, books, quiz } = await bookkeeping('provisional', info.project.name);
  await signIn(page, email);
  await page.goto(`/learn/paths/${books}`);
  await page.getByRole('button', { name: 'Join this path' }).click();
  await page.goto(`/learn/lessons/${quiz}`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.locator('#offline-save').getByRole('button', { name: /^Save for offline \(1 lesson/ }).click();
  await expect(page.locator('#offline-save-live')).toHaveText('Saved on this phone. These lessons now open without a connection.');

  await goOffline(context);
  await page.reload();
  await page.getByLabel('Write it as money taken out by the owner').check();
  for (const option of ['The date', 'What it was for', 'The amount in or out']) await page.getByLabel(option, { exact: true }).check();
  await page.getByLabel(/Money paid out of the business/).fill('income');
  await page.getByLabel(/How much cash should be in the till/).fill('3 000');
  await page.getByRole('button', { name: 'Hand in my answers' }).click();
  const provisional = page.locator('#provisional');
  await expect(provisional.getByRole('listitem')).toHaveText(['Question 1: right', 'Question 2: right', 'Question 3: right', 'Question 4: not right']);
  const shown = (await provisional.locator('.provisional-score').textContent()) ?? '';
  const [, percent, points, max] = /^(\d+)%: (\d+) of (\d+) points, scored on this phone\.$/.exec(shown) ?? [];
  expect(Number(points)).toBeLessThan(Number(max));
  expect(Number(percent)).toBe(Math.floor((Number(points) * 100) / Number(max)));
  expect(Number(await one(`select count(*) from submission where learner_id = $1`, [id]))).toBe(0);

  await goOnline(context);
  await expect(provisional.locator('.confirmed')).toHaveText(`RuralRise has your answers. Your score: ${percent}%.`, { timeout: 15_000 });
  expect(await query(`select score, auto_points, auto_max from submission where learner_id = $1`, [id]))
    .toEqual([{ score: Number(percent), auto_points: Number(points), auto_max: Number(max) }]);
});
