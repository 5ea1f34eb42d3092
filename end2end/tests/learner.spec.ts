import { expect, LEARNER, one, query, signIn, test } from './helpers';

test('learner signs in and sees her own dashboard with the seeded figures', async ({ page, consoleErrors }) => {
  await signIn(page, LEARNER);
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Amina');

  const id = await one<string>(`select user_id from app_user where email = $1`, [LEARNER]);
  const title = await one<string>(
    `select lp.title from enrolment e join learning_path lp using (learning_path_id)
      where e.learner_id = $1 order by (e.completed_at is null) desc, e.enrolled_at desc limit 1`, [id]);
  const done = Number(await one(
    `select count(*) from lesson_progress p join lesson l using (lesson_id) join module m using (module_id)
      join enrolment e on e.learning_path_id = m.learning_path_id and e.learner_id = p.learner_id
      where p.learner_id = $1 and p.status = 'completed'`, [id]));
  const total = Number(await one(
    `select count(*) from lesson l join module m using (module_id) join enrolment e using (learning_path_id)
      where e.learner_id = $1`, [id]));
  await expect(page.locator('#current-path h2')).toHaveText(title);
  await expect(page.locator('#current-path')).toContainText(`${done} of ${total} lessons done`);

  // Minutes this week, counted from Monday 00:00 in the learner's own time zone.
  const minutes = Number(await one(
    `select coalesce(sum(a.minutes), 0) from activity_event a, profile p
      where a.user_id = $1 and p.user_id = $1
        and a.occurred_at >= (date_trunc('week', now() at time zone p.time_zone) at time zone p.time_zone)`, [id]));
  const goal = Number(await one(`select weekly_goal_minutes from profile where user_id = $1`, [id]));
  await expect(page.locator('#weekly-goal .value')).toHaveText(`${minutes} / ${goal} min`);

  const points = Number(await one(
    `select (select coalesce(sum(points_awarded), 0) from lesson_progress where learner_id = $1)
          + (select coalesce(sum(points_awarded), 0) from submission where learner_id = $1)
          + (select coalesce(sum(a.points), 0) from earned_achievement e join achievement a using (achievement_id) where e.learner_id = $1)`,
    [id]));
  await expect(page.locator('#points .value')).toHaveText(String(points));
  // A next step from her mastery, with its reasons, and what her answers show.
  await expect(page.locator('#next-step .reasons li').first()).toBeVisible();
  await expect(page.locator('#insights')).toBeVisible();
  // The streak counts the days she learned, in her own time zone, back from today (or yesterday,
  // while today is not over). The demo gives her six such days before it is made; counted here
  // from the stored activity, so a run that crosses midnight in Nairobi reads the same rule.
  const days = new Set((await query<{ d: string }>(
    `select distinct to_char((a.occurred_at at time zone p.time_zone)::date, 'YYYY-MM-DD') as d
       from activity_event a join profile p on p.user_id = a.user_id where a.user_id = $1 and a.kind <> 'sign_in'`, [id])).map((r) => r.d));
  const today = await one<string>(`select to_char((now() at time zone time_zone)::date, 'YYYY-MM-DD') from profile where user_id = $1`, [id]);
  const back = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  let day = days.has(today) ? today : back(today);
  let streak = 0;
  while (days.has(day)) { streak += 1; day = back(day); }
  expect(streak === 6 || streak === 0, `the demo's six days, or none once they are two days old: ${streak}`).toBe(true);
  await expect(page.locator('#streak .value')).toHaveText(`${streak} day${streak === 1 ? '' : 's'}`);
  await expect(page.locator('#next-lesson')).toContainText('Next lesson');
  await expect(page.locator('#achievements li').first()).toBeVisible();
});

test('learner is refused the trainer and operations areas', async ({ page, consoleErrors }) => {
  await signIn(page, LEARNER);
  await expect(page).toHaveURL(/\/learn$/);
  for (const path of ['/train', '/ops', '/ops/trainers']) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('No access');
    await expect(page.locator('body')).not.toContainText('Waiting for grading');
    await expect(page.locator('body')).not.toContainText('Active learners');
  }
  // Chromium logs each refused document as a failed load; those three are the point of this test.
  const expected = consoleErrors.filter((e) => e.includes('status of 403'));
  expect(expected).toHaveLength(3);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expected.includes(e)));
});

test('a signed-out visitor is sent to sign in', async ({ page, consoleErrors }) => {
  for (const path of ['/learn', '/train', '/ops']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/signin$/);
  }
});

// Its only script is the offline layer (offline.js and idb, deferred: the page reads in full
// before them), which every learner page carries; no wasm, no chart script, nothing else fetched
// by the page itself (the service worker's own fetches, keeping copies, are its business).
test('the learner dashboard ships no script but the offline layer', async ({ page, consoleErrors }) => {
  const scripts: string[] = [];
  const layer = /\/(offline\.js|vendor\/idb-[\d.]+\.umd\.js)$/;
  page.on('request', (r) => {
    if (r.serviceWorker() || layer.test(new URL(r.url()).pathname)) return;
    if (['script', 'fetch', 'xhr'].includes(r.resourceType()) || r.url().endsWith('.wasm')) scripts.push(r.url());
  });
  await signIn(page, LEARNER);
  await expect(page).toHaveURL(/\/learn$/);
  scripts.length = 0;
  await page.reload();
  await expect(page.locator('#points')).toBeVisible();
  expect(scripts).toEqual([]);
});
