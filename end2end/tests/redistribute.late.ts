import { expect, one, OPS, query, signIn, test } from './helpers';

test('operations previews a redistribution of trainer load, applies it, and the cohorts move as shown', async ({ page, consoleErrors, javaScriptEnabled }) => {
  // The demo trainer holding the most learners can now follow only five: the optimiser must act.
  await query(
    `insert into trainer_profile (trainer_id, capacity)
     select c.trainer_id, 5 from cohort c join kpi_cohort k using (cohort_id) join app_user u on u.user_id = c.trainer_id
      where c.status in ('planned', 'active') and u.email like 'trainer%@ruralrise.test'
      group by c.trainer_id order by sum(k.members) desc, c.trainer_id limit 1
     on conflict (trainer_id) do update set capacity = 5`,
  );
  await signIn(page, OPS);
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Trainer load' }).click();
  await expect(page).toHaveURL(/\/ops\/redistribute$/);
  const moves = page.locator('#moves tbody tr');
  const count = await moves.count();
  expect(count).toBeGreaterThan(0);
  const number = async (id: string, column: number) =>
    Number((await page.locator(`#${id} td`).nth(column).innerText()).replace(/\D/g, ''));
  expect(await number('score-proposed', 0)).toBeLessThan(await number('score-today', 0));
  expect(await number('score-proposed', 3)).toBe(count);
  if (javaScriptEnabled) {
    await expect(page.locator('.chart[data-drawn="true"] svg')).toBeVisible();
  }
  await expect(page.locator('#loads tbody tr').first()).toBeVisible();

  const cohort = await moves.first().locator('th').innerText();
  const to = await moves.first().locator('td').nth(2).innerText();
  await page.getByRole('button', { name: /^Apply/ }).click();
  await expect(page.locator('.banner.notice')).toContainText(/moved to (other trainers|another trainer)/);
  expect(await one(`select p.display_name from cohort c join profile p on p.user_id = c.trainer_id where c.name = $1`, [cohort])).toBe(to);
  expect(Number(await one(`select count(*) from audit_log where action = 'load_redistributed'`))).toBeGreaterThan(0);
  // What is left to propose is more even than before.
  await expect(page.locator('#score-today td').first()).toBeVisible();
});
