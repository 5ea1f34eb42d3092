// A learner learns: finds a path, joins it, reads a text lesson, finishes it, and sees the
// points, minutes and first achievement arrive (once), with JavaScript on and off.
import { expect, one, query, signIn, test } from './helpers';

/** A demo learner with nothing done yet and no achievement, different per project, and not one
 *  another spec uses. */
async function freshLearner(project: string): Promise<string> {
  const rows = await query<{ email: string }>(
    `select u.email from app_user u
      where u.role = 'learner' and u.email like 'learner0%' and u.email not in ('learner000010@ruralrise.test', 'learner000011@ruralrise.test')
        and not exists (select 1 from earned_achievement e where e.learner_id = u.user_id)
        and not exists (select 1 from lesson_progress p where p.learner_id = u.user_id)
        and (select language from profile p where p.user_id = u.user_id) is null
      order by u.user_id desc limit 2`);
  expect(rows.length, 'two learners without progress in the demo world').toBe(2);
  return rows[project === 'js' ? 0 : 1].email;
}

test('a learner joins an open path, finishes a text lesson and earns points, minutes and one achievement', async ({ page, consoleErrors }, info) => {
  const email = await freshLearner(info.project.name);
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
});

test('the lesson page reads before any script and ships no wasm', async ({ page, consoleErrors }) => {
  const heavy: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm') || r.url().includes('/pkg/ruralrise.js')) heavy.push(r.url()); });
  await signIn(page, 'learner@ruralrise.test');
  const lesson = await one<string>(
    `select l.lesson_id from lesson l join module m using (module_id) join enrolment e using (learning_path_id)
       join app_user u on u.user_id = e.learner_id
      where u.email = 'learner@ruralrise.test' and l.kind = 'text' order by m.position, l.position limit 1`);
  await page.goto(`/learn/lessons/${lesson}`);
  await expect(page.locator('.lesson-text h2').first()).toBeVisible();
  expect(heavy).toEqual([]);
});
