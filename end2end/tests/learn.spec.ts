// A learner learns: finds a path, joins it, reads a text lesson, finishes it, and sees the
// points, minutes and first achievement arrive (once), with JavaScript on and off.
import { expect, LEARNER, learnerFor, one, READER, signIn, test } from './helpers';

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
  await expect(page.locator('.banner.notice[role=status]')).toContainText('You joined this path');
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

test('a learner works through a practice scenario: a wrong answer explains, a right one completes', async ({ page, consoleErrors, javaScriptEnabled }, info) => {
  const email = learnerFor('scenario', info.project.name);
  const books = await one<string>(`select learning_path_id from learning_path where slug = 'digital-bookkeeping'`);
  const lesson = await one<string>(`select lesson_id from lesson where title = 'Record a day of sales'`);
  await signIn(page, email);
  await page.goto(`/learn/paths/${books}`);
  await page.getByRole('button', { name: 'Join this path' }).click();
  await page.goto(`/learn/lessons/${lesson}`);
  await expect(page.getByRole('heading', { name: 'Step 1 of 2' })).toBeVisible();
  await expect(page.getByText('What do you write down?').first()).toBeHidden();
  if (javaScriptEnabled) {
    // The island answers in place: the page is never reloaded (this mark would be lost).
    await expect(page.locator('.scenario-live[data-live]')).toHaveCount(1);
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; });
  }
  // Without a script the page comes back with the feedback on top; with one it appears under the step.
  const said = javaScriptEnabled ? page.locator('#step-outcome') : page.locator('.banner.notice[role=status]');
  const feedback = javaScriptEnabled ? page.locator('#step-outcome') : page.locator('#feedback');

  // The card is the target: picking by its label, as a thumb would.
  await page.getByLabel('1,030', { exact: true }).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(said).toContainText('Not quite. Read why, then try again.');
  await expect(feedback).toContainText('counts the credit sale as cash');

  await page.getByLabel('770', { exact: true }).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(said).toContainText('Right.');
  await expect(feedback).toContainText('The rice was sold on credit');
  // The next step appears, with the first one's right answer kept above it.
  await expect(page.getByRole('heading', { name: 'Step 2 of 2' })).toBeVisible();
  if (javaScriptEnabled) await expect(page.getByRole('heading', { name: 'Step 2 of 2' })).toBeFocused();
  await expect(page.locator('#scenario')).toContainText('Right answer: 770');

  await page.getByLabel('The 750 counted, with a note: 20 short').check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(said).toContainText('the scenario is done: +20 points');
  await expect(feedback).toContainText('the book shows what really happened');
  await expect(page.locator('#scenario')).toContainText('Right answer: The 750 counted');
  await expect(page.locator('#scenario')).toContainText('You have worked through every step of this scenario.');
  await expect(page.getByRole('button', { name: 'Check my answer' })).toHaveCount(0);
  if (javaScriptEnabled) {
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await expect(page.locator('#step-outcome')).toBeFocused();
  }
  const id = await one<string>(`select user_id from app_user where email = $1`, [email]);
  expect(await one(`select status::text || ' ' || points_awarded from lesson_progress where learner_id = $1 and lesson_id = $2`, [id, lesson]))
    .toBe('completed 20');
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
  await expect(page.locator('.banner.notice[role=status]')).toHaveText('Mipangilio yako imehifadhiwa.');
  await page.goto('/learn');
  await expect(page.locator('#weekly-goal .value')).toContainText('60');
  expect(await one(`select weekly_goal_minutes || ' ' || time_zone || ' ' || language from profile p join app_user u using (user_id)
                     where u.email = $1`, [email])).toBe('60 Africa/Nairobi sw');
});

test('a learner fails a quiz, reads why, passes it on the second attempt and is rewarded once', async ({ page, consoleErrors, javaScriptEnabled }, info) => {
  const email = learnerFor('quiz', info.project.name);
  const id = await one<string>(`select user_id from app_user where email = $1`, [email]);
  const books = await one<string>(`select learning_path_id from learning_path where slug = 'digital-bookkeeping'`);
  const lesson = await one<string>(`select lesson_id from lesson where title = 'Cash book quiz'`);
  await signIn(page, email);
  const pointsBefore = Number(await page.locator('#points .value').textContent());
  await page.goto(`/learn/paths/${books}`);
  await page.getByRole('button', { name: 'Join this path' }).click();
  await page.goto(`/learn/lessons/${lesson}`);
  await expect(page.getByText('To pass: 70%.')).toBeVisible();
  await expect(page.getByText('3 attempts allowed')).toBeVisible();

  // The multiple-choice question left blank (the browser cannot require a tick by itself): with
  // a script the island stops the hand-in and names it; without, the server sends the form back
  // with the problem named and every answer kept. Nothing is stored either way.
  if (javaScriptEnabled) {
    await expect(page.locator('.quiz-live[data-live]')).toHaveCount(1);
    await expect(page.locator('#quiz-count')).toHaveText('0 of 4 questions answered');
  }
  await page.getByLabel('Nothing: it is your shop').check();
  await page.getByLabel(/Money paid out of the business/).fill(' Expénses ');
  await page.getByLabel(/How much cash should be in the till/).fill('3 000');
  if (javaScriptEnabled) await expect(page.locator('#quiz-count')).toHaveText('3 of 4 questions answered');
  await page.getByRole('button', { name: 'Hand in my answers' }).click();
  if (javaScriptEnabled) {
    await expect(page.getByRole('alert')).toHaveText('Questions without an answer yet: 2. Answer them, then hand in.');
    await expect(page.getByLabel('The date', { exact: true })).toBeFocused();
  } else {
    await expect(page.getByText('Answer question 2 before you hand in.').first()).toBeVisible();
    await expect(page.getByLabel(/Money paid out of the business/)).toHaveValue(' Expénses ');
  }
  expect(Number(await one(`select count(*) from submission where learner_id = $1`, [id]))).toBe(0);

  // Two wrong answers: 2 of 4 right, under the pass mark.
  await page.getByLabel('The date', { exact: true }).check();
  if (javaScriptEnabled) await expect(page.locator('#quiz-count')).toHaveText('4 of 4 questions answered');
  await page.getByRole('button', { name: 'Hand in my answers' }).click();
  await expect(page).toHaveURL(/\/learn\/assessments\/\d+\/result\/\d+$/);
  await expect(page.locator('#verdict')).toContainText('Not passed yet: 50%.');
  await expect(page.locator('#outcome-1')).toContainText('not right');
  await expect(page.locator('#outcome-1')).toContainText('Right answer: Write it as money taken out by the owner');
  await expect(page.locator('#outcome-1 .explanation')).toContainText("Owner's drawings are money leaving the business");
  await expect(page.locator('#outcome-3')).toContainText('right');
  await expect(page.locator('#outcome-4')).toContainText('right');

  await page.getByRole('link', { name: 'Try again (2 attempts left)' }).click();
  await expect(page.getByText('Attempt 1')).toBeVisible();
  await page.getByLabel('Write it as money taken out by the owner').check();
  for (const option of ['The date', 'What it was for', 'The amount in or out']) {
    await page.getByLabel(option, { exact: true }).check();
  }
  await page.getByLabel(/Money paid out of the business/).fill('expense');
  await page.getByLabel(/How much cash should be in the till/).fill('3,000');
  await page.getByRole('button', { name: 'Hand in my answers' }).click();
  await expect(page.locator('#verdict')).toContainText('Passed with 100%.');
  await expect(page.locator('.banner.notice[role=status]')).toContainText(/Answers handed in: \+\d+ points\./);
  await expect(page.locator('#earned')).toContainText('Perfect score');
  await expect(page.getByText('Your score for this assessment: 100%')).toBeVisible();
  // Announced once.
  await page.reload();
  await expect(page.locator('#earned')).toHaveCount(0);

  // The quiz lesson is done, and the points arrived once: the lesson's, the pass's and the achievements'.
  expect(await one(`select status::text from lesson_progress where learner_id = $1 and lesson_id = $2`, [id, lesson])).toBe('completed');
  expect(Number(await one(`select count(*) from submission where learner_id = $1`, [id]))).toBe(2);
  const expected = Number(await one(
    `select (select coalesce(sum(points_awarded), 0) from submission where learner_id = $1)
          + (select coalesce(sum(points_awarded), 0) from lesson_progress where learner_id = $1)
          + (select coalesce(sum(a.points), 0) from earned_achievement e join achievement a using (achievement_id) where e.learner_id = $1)`, [id]));
  expect(Number(await one(`select count(*) from earned_achievement e join achievement a using (achievement_id)
                            where e.learner_id = $1 and a.code = 'perfect_score'`, [id]))).toBe(1);
  await page.goto('/learn');
  await expect(page.locator('#points .value')).toHaveText(String(pointsBefore + expected));
  expect(expected).toBeGreaterThan(40);

  // A next step with its reasons, and insights from these answers; "Not useful" is recorded
  // once and the insight goes away.
  await expect(page.locator('#next-step .reasons li').first()).toBeVisible();
  const first = page.locator('#insights li').first();
  const key = await first.getAttribute('data-key');
  await first.getByRole('button', { name: 'Not useful' }).click();
  await expect(page).toHaveURL(/\/learn(#insights)?$/);
  await expect(page.locator(`#insights li[data-key="${key}"]`)).toHaveCount(0);
  expect(Number(await one(`select count(*) from insight_dismissal where learner_id = $1 and insight_key = $2`, [id, key]))).toBe(1);
});

test('the progress page draws weeks, days and scores on the server, with no chart script', async ({ page, consoleErrors }) => {
  const scripts: string[] = [];
  page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(r.url()); });
  await signIn(page, LEARNER);
  await page.getByRole('link', { name: 'My progress' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your progress');
  await expect(page.locator('#weeks svg').first().locator('rect.bar')).toHaveCount(8);
  await expect(page.locator('#weeks svg').nth(1).locator('rect.bar')).toHaveCount(56);
  const scored = Number(await one(`select count(*) from submission s join app_user u on u.user_id = s.learner_id
                                    where u.email = $1 and s.score is not null`, [LEARNER]));
  await expect(page.locator('#scores svg circle')).toHaveCount(scored);
  await expect(page.locator('#skills tbody tr').first()).toBeVisible();
  await expect(page.locator('#weeks .chart-summary')).toContainText(/You met your weekly goal in \d+ of the last 8 weeks/);
  expect(scripts.filter((s) => /echarts|charts\.js|\.wasm|pkg\//.test(s))).toEqual([]);
});
