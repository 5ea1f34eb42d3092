// A learner learns: finds a path, joins it, reads a text lesson, finishes it, and sees the
// points, minutes and first achievement arrive (once), with JavaScript on and off.
import { expect, learnerFor, one, READER, signIn, test } from './helpers';

test('a learner joins an open path, finishes a text lesson and earns points, minutes and one achievement', async ({ page, consoleErrors }, info) => {
  const email = learnerFor('text', info.project.name);
  const id = await one<string>(`select user_id from app_user where email = $1`, [email]);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/learn$/);
  const pointsBefore = Number(await page.locator('#points .value').textContent());
  const minutesBefore = Number((await page.locator('#weekly-goal .value').textContent())!.split(' / ')[0]);

  await page.getByRole('link', { name: 'Learning paths' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learning paths');
  const open = page.locator('#open-paths li', { hasText: 'Digital Bookkeeping for Small Shops' });
  await open.getByRole('button', { name: 'Join this path' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Digital Bookkeeping for Small Shops');
  await expect(page.getByRole('status')).toContainText('You joined this path');
  // Media lessons show their download size before anything is fetched.
  await expect(page.locator('ol.lessons .size').first()).toContainText(/\d (KB|MB) to download/);
  await page.locator('#resume').click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Why write it down');
  await expect(page.getByRole('heading', { level: 2, name: 'What records tell you' })).toBeVisible();
  await expect(page.locator('.lesson-text table')).toBeVisible();
  // The learner has been reading for four minutes (the page was made then).
  await page.locator('#done-form input[name=opened_at]').evaluate((el: HTMLInputElement) => { el.value = String(Number(el.value) - 240); });
  await page.getByRole('button', { name: 'I have finished this lesson' }).click();

  // On to the next lesson, with the points and the first achievement announced.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Setting up a simple cash book');
  await expect(page.locator('.banner.notice[role=status]')).toHaveText('Lesson done: +10 points.');
  await expect(page.locator('#earned')).toContainText('First step');
  // Announced once: the next page does not say it again.
  await page.reload();
  await expect(page.locator('#earned')).toHaveCount(0);
  await page.getByRole('link', { name: /Previous: Why write it down/ }).click();
  await expect(page.locator('#lesson-status')).toHaveText('You have finished this lesson.');

  await page.goto('/learn');
  // 10 for the lesson and 10 for "First step".
  await expect(page.locator('#points .value')).toHaveText(String(pointsBefore + 20));
  await expect(page.locator('#weekly-goal .value')).toContainText(`${minutesBefore + 4} / `);
  await expect(page.locator('#achievements')).toContainText('First step');
  expect(Number(await one(`select count(*) from earned_achievement e join achievement a using (achievement_id)
                            where e.learner_id = $1 and a.code = 'first_lesson'`, [id]))).toBe(1);

  await page.getByRole('link', { name: 'Achievements' }).click();
  await expect(page.locator('#earned-achievements')).toContainText('First step');
  await expect(page.locator('#locked-module_complete')).toContainText('0 of 1 modules completed');
});

test('the lesson page reads before any script and ships no wasm', async ({ page, consoleErrors }) => {
  const heavy: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm') || r.url().includes('/pkg/ruralrise.js')) heavy.push(r.url()); });
  await signIn(page, READER);
  const lesson = await one<string>(
    `select l.lesson_id from lesson l join module m using (module_id) join enrolment e using (learning_path_id)
       join app_user u on u.user_id = e.learner_id
      where u.email = $1 and l.kind = 'text' order by m.position, l.position limit 1`, [READER]);
  await page.goto(`/learn/lessons/${lesson}`);
  await expect(page.locator('.lesson-text h2').first()).toBeVisible();
  expect(heavy).toEqual([]);
});

test('a learner watches a video past 90 % and the lesson completes; without a script, after its length', async ({ page, consoleErrors }, info) => {
  const email = learnerFor('video', info.project.name);
  const id = await one<string>(`select user_id from app_user where email = $1`, [email]);
  const books = await one<string>(`select learning_path_id from learning_path where slug = 'digital-bookkeeping'`);
  const lesson = await one<string>(
    `select l.lesson_id from lesson l join module m using (module_id)
      where m.learning_path_id = $1 and l.kind = 'video' order by m.position, l.position limit 1`, [books]);
  await signIn(page, email);
  await page.goto(`/learn/paths/${books}`);
  await page.getByRole('button', { name: 'Join this path' }).click();
  await page.goto(`/learn/lessons/${lesson}`);
  await expect(page.locator('video')).toHaveAttribute('preload', 'none');
  await expect(page.locator('figcaption')).toContainText(/Download the video \(\d+ KB\)/);

  if (info.project.use.javaScriptEnabled) {
    // The player reports what was played; the form is hidden. Played quickly, start to end.
    await expect(page.locator('#done-form')).toBeHidden();
    await page.locator('video').evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      v.playbackRate = 8;
      await v.play();
      await new Promise((done) => v.addEventListener('ended', done, { once: true }));
    });
    await expect(page.locator('#lesson-live')).toHaveText('Lesson complete. Well done!');
  } else {
    // Too soon: refused with words, nothing changes.
    await page.getByRole('button', { name: 'I have watched the video' }).click();
    await expect(page.locator('.banner.error')).toContainText('Watch the whole video first');
    expect(Number(await one(`select count(*) from lesson_progress where learner_id = $1 and lesson_id = $2 and status = 'completed'`,
      [id, lesson]))).toBe(0);
    // The page was opened 30 seconds ago: longer than the 24-second video.
    await page.locator('#done-form input[name=opened_at]').evaluate((el: HTMLInputElement) => { el.value = String(Number(el.value) - 30); });
    await page.getByRole('button', { name: 'I have watched the video' }).click();
    await expect(page.locator('.banner.notice[role=status]')).toContainText('Lesson done');
  }
  expect(await one(`select status::text from lesson_progress where learner_id = $1 and lesson_id = $2`, [id, lesson])).toBe('completed');
});

test('a learner works through a practice scenario: a wrong answer explains, a right one completes', async ({ page, consoleErrors }, info) => {
  const email = learnerFor('scenario', info.project.name);
  const books = await one<string>(`select learning_path_id from learning_path where slug = 'digital-bookkeeping'`);
  const lesson = await one<string>(`select lesson_id from lesson where title = 'Record a day of sales'`);
  await signIn(page, email);
  await page.goto(`/learn/paths/${books}`);
  await page.getByRole('button', { name: 'Join this path' }).click();
  await page.goto(`/learn/lessons/${lesson}`);
  await expect(page.getByRole('heading', { name: 'Step 1 of 1' })).toBeVisible();

  // The card is the target: picking by its label, as a thumb would.
  await page.getByLabel('1,030').check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator('.banner.notice[role=status]')).toHaveText('Not quite. Read why, then try again.');
  await expect(page.locator('#feedback')).toContainText('counts the credit sale as cash');

  await page.getByLabel('770').check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.locator('.banner.notice[role=status]')).toContainText('the scenario is done: +20 points');
  await expect(page.locator('#feedback')).toContainText('The rice was sold on credit');
  await expect(page.locator('#scenario')).toContainText('Right answer: 770');
  await expect(page.getByRole('button', { name: 'Check my answer' })).toHaveCount(0);
});

test('a learner fixes a mistyped weekly goal and saves their settings in their own language', async ({ page, consoleErrors }, info) => {
  const email = learnerFor('settings', info.project.name);
  await signIn(page, email);
  await page.getByRole('link', { name: 'My settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My settings');
  await page.getByLabel(/Weekly goal/).fill('6000');
  await page.getByLabel('Language', { exact: true }).selectOption('sw');
  await page.getByRole('button', { name: 'Save my settings' }).click();
  // Refused with words next to the field; the rest of what was chosen is kept.
  await expect(page.locator('#field-weekly_goal-error')).toHaveText('Choose a weekly goal from 0 to 1,200 minutes.');
  await expect(page.getByLabel(/Weekly goal/)).toHaveValue('6000');
  await expect(page.getByLabel('Language', { exact: true })).toHaveValue('sw');
  await page.getByLabel(/Weekly goal/).fill('60');
  await page.getByLabel('Time zone', { exact: true }).selectOption('Africa/Nairobi');
  await page.getByRole('button', { name: 'Save my settings' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sw');
  await expect(page.getByRole('status')).toHaveText('Mipangilio yako imehifadhiwa.');
  await page.goto('/learn');
  await expect(page.locator('#weekly-goal .value')).toContainText('60');
  expect(await one(`select weekly_goal_minutes || ' ' || time_zone || ' ' || language from profile p join app_user u using (user_id)
                     where u.email = $1`, [email])).toBe('60 Africa/Nairobi sw');
});
