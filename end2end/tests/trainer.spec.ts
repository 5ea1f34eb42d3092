import { expect, one, query, signIn, test, TRAINER } from './helpers';

test('trainer signs in and sees cohorts and the grading queue, oldest first', async ({ page, consoleErrors }) => {
  await signIn(page, TRAINER);
  await expect(page).toHaveURL(/\/train$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trainer console');

  const id = await one<string>(`select user_id from app_user where email = $1`, [TRAINER]);
  const cohorts = await query<{ name: string; members: string }>(
    `select c.name, (select count(*) from cohort_member m where m.cohort_id = c.cohort_id) as members
       from cohort c where c.trainer_id = $1`, [id]);
  expect(cohorts.length).toBeGreaterThan(1);
  await expect(page.locator('#cohorts tbody tr')).toHaveCount(cohorts.length);
  for (const c of cohorts) {
    const row = page.locator('#cohorts tbody tr', { hasText: c.name });
    await expect(row.locator('td').nth(3)).toHaveText(String(c.members));
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
