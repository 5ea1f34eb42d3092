import { expect, one, OPS, signIn, test } from './helpers';

test('operations signs in and sees KPIs from the data and the weekly chart', async ({ page, consoleErrors, javaScriptEnabled }) => {
  // "Last 7 days" moves while the test runs: count before and after the page loads, and accept
  // either, so an event crossing the boundary in between cannot fail the test.
  // Active means learning done (lessons, submissions, downloads); signing in alone does not count.
  const activeSql = `select count(distinct user_id) from activity_event
      where kind <> 'sign_in' and occurred_at > now() - interval '7 days'`;
  const activeBefore = String(await one(activeSql));
  await signIn(page, OPS);
  await expect(page).toHaveURL(/\/ops$/);
  const activeAfter = String(await one(activeSql));
  const alerts = await one(`select count(*) from risk_alert where status <> 'resolved'`);
  const learners = await one(`select count(*) from app_user where role = 'learner' and status = 'active'`);
  expect([activeBefore, activeAfter]).toContain(await page.locator('#kpi-active .value').innerText());
  await expect(page.locator('#kpi-active .detail')).toHaveText(`of ${learners} learners`);
  await expect(page.locator('#kpi-alerts .value')).toHaveText(String(alerts));
  await expect(page.locator('#kpi-score .value')).toHaveText(/^\d+$/);
  await expect(page.locator('#weekly tbody tr')).toHaveCount(8);
  if (javaScriptEnabled) {
    // ECharts, served from our own /vendor, drew the server-built option as SVG.
    await expect(page.locator('.chart[data-drawn="true"] svg')).toBeVisible();
  }
});

test('operations creates a trainer account, with clear errors first', async ({ page, consoleErrors }) => {
  await signIn(page, OPS);
  await page.goto('/ops/trainers');
  const form = page.locator('#create-trainer');
  await form.locator('#field-name').fill('Baraka Mwangi');
  await form.locator('#field-email').fill('not an address');
  await form.locator('#field-password').fill('short');
  await form.getByRole('button', { name: 'Create trainer' }).click();
  await expect(form.locator('#field-email-error')).toHaveText('Enter an e-mail address like name@example.org.');
  await expect(form.locator('#field-password-error')).toContainText('at least 10 characters');
  await expect(form.locator('#field-name')).toHaveValue('Baraka Mwangi');

  const email = `baraka.${test.info().project.name}@ruralrise.test`;
  await form.locator('#field-email').fill(email);
  await form.locator('#field-password').fill('a good first password');
  await form.getByRole('button', { name: 'Create trainer' }).click();
  await expect(page.locator('.banner.notice')).toContainText(`Trainer account created for ${email}`);
  await expect(page.locator('#trainers')).toContainText('Baraka Mwangi');
});

test('operations opens system health from the menu: the database answers and the queues match the data', async ({ page, consoleErrors }) => {
  await signIn(page, OPS);
  const pendingSql = `select count(*) from submission where status = 'pending'`;
  const before = Number(await one<string>(pendingSql));
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'System health' }).click();
  await expect(page).toHaveURL(/\/ops\/health$/);
  const after = Number(await one<string>(pendingSql));
  await expect(page.locator('#health-database .value')).toHaveText('Answering');
  await expect(page.locator('#health-migrations .value')).toHaveText('Up to date');
  await expect(page.locator('#health-version .value')).toHaveText(/^\d+\.\d+\.\d+ \(\w+\)$/);
  // Other tests hand in and grade work meanwhile: the figure lies between the counts taken
  // before and after the page, give or take the few changes one page load can overlap.
  const shown = Number((await page.locator('#queue-grading td').innerText()).replace(/\D/g, ''));
  expect(shown).toBeGreaterThanOrEqual(Math.min(before, after) - 3);
  expect(shown).toBeLessThanOrEqual(Math.max(before, after) + 3);
  await expect(page.locator('#routes tbody tr').first()).toBeVisible();
});
