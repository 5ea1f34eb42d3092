// Offline learning in Chromium: a learner saves a path to the phone, loses the connection,
// finishes two lessons and hands in a quiz, reloads pages from the phone's copies, and comes back
// online: the queue goes to /api/sync/v1 and the server holds each record exactly once, dated
// when it happened on the phone. Saving needs the offline layer's script, so this runs with
// JavaScript only (without it the box to save is not shown: tested below).
import type { BrowserContext, Route } from '@playwright/test';
import { expect, learnerFor, one, query, signIn, test } from './helpers';

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

test('a path saved to the phone is learned offline and syncs back exactly once', async ({ page, context, consoleErrors, javaScriptEnabled }, info) => {
  const email = learnerFor('offline', info.project.name);
  const id = await one<string>(`select user_id from app_user where email = $1`, [email]);
  const books = await one<string>(`select learning_path_id from learning_path where slug = 'digital-bookkeeping'`);
  const texts = await query<{ lesson_id: string; title: string }>(
    `select l.lesson_id, l.title from lesson l join module m using (module_id)
      where m.learning_path_id = $1 and l.kind = 'text' order by m.position, l.position limit 2`, [books]);
  const quiz = await one<string>(`select lesson_id from lesson where title = 'Cash book quiz'`);
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
  // The browser reports those tries as failed loads; they are expected here, and nothing else is.
  const expectedFailures = (e: string) => e === 'Failed to load resource: net::ERR_INTERNET_DISCONNECTED';
  expect(consoleErrors.filter(expectedFailures).length).toBeLessThanOrEqual(failed.length);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expectedFailures(e)));
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
});
