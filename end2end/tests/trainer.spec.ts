import { expect, one, prescored, query, signIn, test, TRAINER } from './helpers';

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

  // Work waits in the queue of the cohort it was handed in through.
  const pending = await query<{ name: string }>(
    `select p.display_name as name from submission s
       join cohort c on c.cohort_id = s.cohort_id join profile p on p.user_id = s.learner_id
      where s.status = 'pending' and c.trainer_id = $1
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

test('a trainer grades two submissions from the least-certain queue with Save and next, flags one, and the learner reads the grade', async ({ page, consoleErrors }, info) => {
  // Each project grades as its own trainer, so neither changes the other's queue.
  const trainers = await query<{ email: string; user_id: string }>(
    `select u.email, u.user_id from app_user u join cohort c on c.trainer_id = u.user_id join submission s on s.cohort_id = c.cohort_id
      where u.email <> $1 and u.email not like 'xss-%' and s.status = 'pending'
      group by u.email, u.user_id having count(*) >= 2 order by u.email limit 2`, [TRAINER]);
  expect(trainers.length).toBe(2);
  const trainer = trainers[info.project.name === 'js' ? 0 : 1];
  // The order is the pre-scores' confidence, which the pre-scorer fills in as the app starts.
  await prescored(trainer.user_id);
  const order = await query<{ submission_id: string; assessment_id: string; name: string; email: string }>(
    `select s.submission_id, s.assessment_id, p.display_name as name, u.email from submission s
       join cohort c on c.cohort_id = s.cohort_id join profile p on p.user_id = s.learner_id join app_user u on u.user_id = s.learner_id
      where c.trainer_id = $1 and s.status = 'pending' order by coalesce(s.ai_confidence, -1), s.submission_id`, [trainer.user_id]);

  // The demo flags some work itself, depending on the day it is seeded; the second piece starts
  // unflagged so that flagging it is what this test does.
  await query(`update submission set flagged = false, flag_reason = null where submission_id = $1`, [order[1].submission_id]);

  await signIn(page, trainer.email);
  await page.getByRole('link', { name: 'Open the grading queue' }).click();
  await page.getByLabel('Order').selectOption('uncertain');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/sort=uncertain/);
  await expect(page.locator('#queue tbody tr').first()).toHaveAttribute('data-submission', order[0].submission_id);
  await page.locator('#queue tbody tr').first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/train/submissions/${order[0].submission_id}\\?sort=uncertain`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order[0].name);

  // The pre-score sits above the rubric: its confidence, its reasons, its suggested levels.
  await expect(page.locator('#item-3 .prescore')).toContainText('Confidence:');
  await expect(page.locator('#item-3 .level .suggested')).toHaveCount(3);
  // Level 3, 2 and 2 of the three criteria; feedback typed over the draft; Save and next.
  await page.locator('#p3-c0-l3').check();
  await page.locator('#p3-c1-l2').check();
  await page.locator('#p3-c2-l2').check();
  await page.getByLabel('Feedback to the learner').fill('Clear steps. Say why the fuse is checked before the panel.');
  await page.getByRole('button', { name: 'Save and next' }).click();
  await expect(page).toHaveURL(new RegExp(`/train/submissions/${order[1].submission_id}\\?sort=uncertain`));
  await expect(page.locator('.banner.notice')).toContainText(`Saved: ${order[0].name} scored`);

  // The second is flagged first (the grade in progress stays valid), then graded.
  await page.getByLabel('Reason to flag this work').fill('Answer looks copied from the lesson');
  await page.getByRole('button', { name: 'Flag for a second look' }).click();
  await expect(page.locator('#flag-state')).toContainText('Answer looks copied from the lesson');
  await page.locator('#p3-c0-l1').check();
  await page.locator('#p3-c1-l1').check();
  await page.locator('#p3-c2-l2').check();
  // The feedback drafted from the pre-score is accepted as it stands.
  const draft = await page.locator('#feedback').inputValue();
  expect(draft.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Save and next' }).click();
  await expect(page.locator('.banner.notice')).toContainText(`Saved: ${order[1].name} scored`);
  expect(await one<string>('select feedback from submission where submission_id = $1', [order[1].submission_id]).then((f) => f.replace(/\r\n/g, '\n'))).toBe(draft.trim());

  const graded = await query<{ submission_id: string; status: string; flagged: boolean; levels: string }>(
    `select submission_id, status::text, flagged, (select e->>'levels' from jsonb_array_elements(item_results) e where e->>'position' = '3') as levels
       from submission where submission_id = any($1::bigint[]) order by submission_id`, [[order[0].submission_id, order[1].submission_id]]);
  expect(graded.map((g) => g.status)).toEqual(['graded', 'graded']);
  const byId = Object.fromEntries(graded.map((g) => [g.submission_id, g]));
  expect(byId[order[0].submission_id].levels).toBe('[3, 2, 2]');
  expect(byId[order[1].submission_id].flagged).toBe(true);

  // The learner reads the score, the levels picked and the feedback on their result page.
  await page.context().clearCookies();
  await signIn(page, order[0].email);
  await page.goto(`/learn/assessments/${order[0].assessment_id}/result/${order[0].submission_id}`);
  await expect(page.locator('#outcome-3')).toContainText('Graded by your trainer: 5 of 6 points');
  await expect(page.locator('#outcome-3')).toContainText('Right and complete: everything the lessons teach on this');
  await expect(page.getByText('Clear steps. Say why the fuse is checked before the panel.')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
