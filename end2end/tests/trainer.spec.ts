import { expect, one, query, signIn, test, TRAINER } from './helpers';

test('trainer signs in and sees cohorts and the grading queue, oldest first', async ({ page, consoleErrors }) => {
  await signIn(page, TRAINER);
  await expect(page).toHaveURL(/\/train$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trainer console');

  const id = await one<string>(`select user_id from app_user where email = $1`, [TRAINER]);
  const cohorts = await query<{ name: string; members: string }>(
    `select c.name, (select count(*) from cohort_member m where m.cohort_id = c.cohort_id) as members
       from cohort c where c.trainer_id = $1 and c.status <> 'archived'`, [id]);
  expect(cohorts.length).toBeGreaterThan(1);
  await expect(page.locator('#cohorts tbody tr')).toHaveCount(cohorts.length);
  for (const c of cohorts) {
    const row = page.locator('#cohorts tbody tr', { hasText: c.name });
    await expect(row.locator('td').nth(4)).toHaveText(String(c.members));
  }

  const pending = await query<{ name: string }>(
    `select p.display_name as name from submission s
       join assessment a using (assessment_id) join module m using (module_id) join profile p on p.user_id = s.learner_id
      where s.status = 'pending' and exists (
        select 1 from cohort c join cohort_member cm using (cohort_id)
         where c.trainer_id = $1 and cm.learner_id = s.learner_id and c.learning_path_id = m.learning_path_id)
      order by s.submitted_at, s.submission_id`, [id]);
  expect(pending.length).toBeGreaterThan(0);
  await expect(page.locator('#pending-count')).toHaveText(`${pending.length} submission${pending.length === 1 ? '' : 's'}`);
  await expect(page.locator('#queue tbody tr').first().locator('th')).toHaveText(pending[0].name);
});

test('a trainer creates a cohort, starts it and adds a learner found by name', async ({ page, consoleErrors }, info) => {
  const name = `Solar Kitui ${info.project.name} ${Date.now()}`;
  const [learner] = await query<{ user_id: string; display_name: string; email: string }>(
    `select u.user_id, p.display_name, u.email from app_user u join profile p using (user_id)
      where u.email = 'learner000050@ruralrise.test'`);
  await signIn(page, TRAINER);
  await page.getByRole('link', { name: 'New cohort' }).click();
  await expect(page).toHaveURL(/\/train\/cohorts\/new$/);

  // Sent empty, the form says what is missing and stores nothing.
  await page.locator('#field-name').fill('');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.locator('#field-name-error')).toHaveText('Give the cohort a name.');
  await expect(page.locator('#field-client-error')).toHaveText('Choose the sponsor.');
  await expect(page.locator('#field-name')).toBeFocused();

  await page.locator('#field-name').fill(name);
  await page.locator('#field-client').selectOption({ index: 1 });
  await page.locator('#field-path').selectOption({ index: 1 });
  await page.locator('#field-starts_on').fill('2027-01-04');
  await page.locator('#field-ends_on').fill('2027-03-26');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.locator('.banner.notice')).toContainText(`Cohort ${name} created`);
  const [cohort] = await query<{ cohort_id: string; status: string }>(
    `select cohort_id, status::text as status from cohort where name = $1`, [name]);
  expect(cohort.status).toBe('planned');
  await expect(page).toHaveURL(new RegExp(`/train/cohorts/${cohort.cohort_id}$`));

  // The status list offers only the moves a planned cohort may make.
  await page.getByRole('link', { name: 'Edit cohort' }).click();
  const offered = await page.locator('#field-status option').allTextContents();
  expect(offered).toEqual(['Planned', 'Running', 'Cancelled']);
  await page.locator('#field-status').selectOption('active');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#cohort-status')).toHaveText('Running');

  await page.getByLabel('Name or e-mail').fill(learner.email.slice(0, 14));
  await page.getByRole('button', { name: 'Find learners' }).click();
  await page.getByRole('button', { name: `Add ${learner.display_name}`, exact: true }).click();
  await expect(page.locator('.banner.notice')).toContainText(`${learner.display_name} joined the cohort`);
  await expect(page.locator(`#members-section tr[data-learner="${learner.user_id}"]`)).toBeVisible();
  await expect(page.locator('#member-count')).toHaveText('1 learner');
  expect(await one<string>(`select count(*) from cohort_member where cohort_id = $1 and learner_id = $2`,
    [cohort.cohort_id, learner.user_id])).toBe('1');
  expect(await one<string>(
    `select count(*) from enrolment e join cohort c on c.learning_path_id = e.learning_path_id
      where c.cohort_id = $1 and e.learner_id = $2`, [cohort.cohort_id, learner.user_id])).toBe('1');
  expect(consoleErrors).toEqual([]);
});
