import { readFileSync } from 'node:fs';
import { expect, one, OPS, query, signIn, test } from './helpers';

test('operations sees KPIs from the rollups, filters by client in the address, and is told what to fix', async ({ page, consoleErrors, javaScriptEnabled }) => {
  // "Last 7 days" moves while the test runs: count before and after the page loads, and accept
  // either, so an event crossing the boundary in between cannot fail the test.
  // Active means learning done (lessons, submissions, downloads); signing in alone does not count.
  const activeSql = `select count(distinct a.user_id) from activity_event a join app_user u on u.user_id = a.user_id and u.role = 'learner'
      where a.kind <> 'sign_in' and (a.occurred_at at time zone 'UTC')::date > current_date - 7`;
  const activeBefore = String(await one(activeSql));
  await signIn(page, OPS);
  await expect(page).toHaveURL(/\/ops$/);
  const activeAfter = String(await one(activeSql));
  expect([activeBefore, activeAfter]).toContain(await page.locator('#kpi-active .value').innerText());
  await expect(page.locator('#kpi-active .detail')).toContainText('in the 7 days to the period');
  await expect(page.locator('#kpi-score .value')).toHaveText(/^\d+$/);
  await expect(page.locator('#kpi-at-risk .change')).toContainText(/period before|Same as/);
  await expect(page.locator('#weekly tbody tr')).toHaveCount(12);
  if (javaScriptEnabled) {
    // ECharts, served from our own /vendor, drew both server-built options as SVG.
    await expect(page.locator('.chart[data-drawn="true"]')).toHaveCount(2);
    await expect(page.locator('.chart[data-drawn="true"] svg').first()).toBeVisible();
  }

  // The client with the most waiting work, chosen in the form: the address carries the view.
  const [client] = await query<{ id: string; name: string; waiting: string }>(
    `select c.client_org_id as id, c.name, count(s.*) as waiting
       from client_org c
       left join lateral (select s.submission_id from submission s
                           where s.status = 'pending' and exists (
                             select 1 from cohort_member m join cohort k using (cohort_id)
                              where m.learner_id = s.learner_id and k.client_org_id = c.client_org_id)) s on true
      group by c.client_org_id order by waiting desc, c.client_org_id limit 1`);
  await page.locator('#field-client').selectOption({ label: client.name });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]client=${client.id}(&|$)`));
  await expect(page.locator('#kpi-scope strong')).toHaveText(client.name);
  await expect(page.locator('#kpi-backlog .value')).toHaveText(Number(client.waiting).toLocaleString('en'));
  await expect(page.locator('#field-client')).toHaveValue(client.id);
  // The same address opened afresh gives the same view: it can be bookmarked and shared.
  const shared = page.url();
  await page.goto('/ops');
  await page.goto(shared);
  await expect(page.locator('#kpi-scope strong')).toHaveText(client.name);

  // Dates the wrong way round: the form says which field and keeps what was typed.
  await page.locator('#field-from').fill('2026-11-10');
  await page.locator('#field-to').fill('2026-11-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('#filter-error')).toHaveText('The end date is before the start date.');
  await expect(page.locator('#field-to')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-from')).toHaveValue('2026-11-10');
  await expect(page.locator('#kpi-backlog')).toHaveCount(0);
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

test('operations adds a client organisation, fixes what the form names, pauses it, and downloads its learners', async ({ page, consoleErrors }) => {
  await signIn(page, OPS);
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page).toHaveURL(/\/ops\/clients$/);
  await page.locator('#new-client').click();
  const name = `Lake Zone Tailors ${test.info().project.name}`;
  await page.locator('#field-name').fill(name);
  await page.locator('#field-region').fill('Mwanza, Tanzania');
  await page.locator('#field-phone').fill('call me');
  await page.locator('#field-starts_on').fill('2027-01-01');
  await page.locator('#field-ends_on').fill('2026-06-30');
  await page.locator('#field-target').fill('1,200');
  await page.locator('#field-note').fill('Pays per completion.');
  await page.getByRole('button', { name: 'Add client organisation' }).click();
  // Every problem at once, each at its field; nothing typed is lost.
  await expect(page.locator('#field-sector-error')).toHaveText('Enter the sector, for example Off-grid solar.');
  await expect(page.locator('#field-phone-error')).toContainText('at least 6 digits');
  await expect(page.locator('#field-ends_on-error')).toHaveText('The end date is before the start date.');
  await expect(page.locator('#field-sector')).toBeFocused();
  await expect(page.locator('#field-name')).toHaveValue(name);
  await expect(page.locator('#field-note')).toHaveValue('Pays per completion.');
  expect(await one(`select count(*) from client_org where name = '${name}'`)).toBe('0');

  await page.locator('#field-sector').fill('Tailoring');
  await page.locator('#field-phone').fill('+255 712 345 678');
  await page.locator('#field-ends_on').fill('2028-06-30');
  await page.getByRole('button', { name: 'Add client organisation' }).click();
  await expect(page).toHaveURL(/\/ops\/clients\/\d+$/);
  await expect(page.locator('.banner.notice')).toContainText(`Client organisation ${name} added.`);
  await expect(page.locator('#client-learners .value')).toHaveText('0');
  await expect(page.locator('.empty')).toContainText('sponsors no cohorts yet');

  await page.locator('#edit-client').click();
  await page.locator('#field-status').selectOption('paused');
  await page.getByRole('button', { name: 'Save client organisation' }).click();
  await expect(page.locator('#client-status')).toHaveText('Paused (takes no new cohorts)');
  expect(await one(`select status::text from client_org where name = '${name}'`)).toBe('paused');

  // The sponsor with the most learners: its CSV has a row per learner and cohort.
  const [big] = await query<{ id: string; rows: string }>(
    `select c.client_org_id as id, count(*) as rows from cohort c join cohort_member m using (cohort_id)
      group by 1 order by 2 desc, 1 limit 1`);
  await page.goto(`/ops/clients/${big.id}`);
  await expect(page.locator('#client-cohorts tbody tr').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.locator('#client-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^client-${big.id}-learners-\\d{8}\\.csv$`));
  const text = readFileSync(await file.path(), 'utf8');
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe('learner_id,name,email,cohort,path,joined_on,lessons_completed,lessons_total,path_completed_on,last_active_on,average_score,at_risk');
  // Other tests may add a member meanwhile; none leaves a sponsor's cohorts.
  expect(lines.length - 1).toBeGreaterThanOrEqual(Number(big.rows));
});

test('operations opens a trainer, sets their capacity, moves their cohort away and only then switches them off', async ({ page, consoleErrors }) => {
  await signIn(page, OPS);
  // A trainer of this test's own, with one planned cohort, so no other test's trainer changes.
  const project = test.info().project.name;
  const email = `e2e-leaving-${project}@ruralrise.test`;
  await page.goto('/ops/trainers');
  const form = page.locator('#create-trainer');
  await form.locator('#field-name').fill(`Leaving ${project}`);
  await form.locator('#field-email').fill(email);
  await form.locator('#field-password').fill('a good first password');
  await form.getByRole('button', { name: 'Create trainer' }).click();
  await expect(page.locator('.banner.notice')).toContainText(email);
  const cohortName = `Moving cohort ${project}`;
  await query(
    `insert into cohort (name, client_org_id, learning_path_id, trainer_id, starts_on, ends_on, status)
     select $1, (select min(client_org_id) from client_org where status = 'active'), (select min(learning_path_id) from learning_path),
            user_id, current_date + 7, current_date + 60, 'planned' from app_user where email = $2`,
    [cohortName, email],
  );

  await page.goto('/ops/trainers');
  await page.locator('#trainers').getByRole('link', { name: `Leaving ${project}` }).click();
  await expect(page).toHaveURL(/\/ops\/trainers\/\d+$/);
  await expect(page.locator('#trainer-load')).toHaveText('0 of 150 (0%)');
  await expect(page.locator('#trainer-weeks-table tbody tr')).toHaveCount(12);

  // A capacity below zero is named at its field and kept; a good one is saved.
  await page.locator('#field-capacity').fill('-5');
  await page.getByRole('button', { name: 'Save capacity' }).click();
  await expect(page.locator('#field-capacity-error')).toHaveText('Enter a number of learners from 0 to 100,000.');
  await expect(page.locator('#field-capacity')).toHaveValue('-5');
  await expect(page.locator('#field-capacity')).toBeFocused();
  await page.locator('#field-capacity').fill('40');
  await page.getByRole('button', { name: 'Save capacity' }).click();
  await expect(page.locator('.banner.notice')).toContainText('can now follow 40 learners');
  await expect(page.locator('#trainer-load')).toHaveText('0 of 40 (0%)');

  // A new trainer is approved for nothing: tick the sponsor and path of their cohort.
  const sponsor = await one<string>(`select name from client_org where status = 'active' order by client_org_id limit 1`);
  const path = await one<string>(`select title from learning_path order by learning_path_id limit 1`);
  const sponsorBox = () => page.locator('#approved-clients').getByRole('checkbox', { name: sponsor, exact: true });
  await expect(sponsorBox()).not.toBeChecked();
  await sponsorBox().check();
  await page.locator('#approved-paths').getByRole('checkbox', { name: path, exact: true }).check();
  await page.getByRole('button', { name: 'Save approvals' }).click();
  await expect(page.locator('.banner.notice')).toContainText(`Leaving ${project}'s approvals are saved.`);
  await expect(sponsorBox()).toBeChecked();
  // Their planned cohort needs that sponsor: taking it away is refused and changes nothing.
  await sponsorBox().uncheck();
  await page.getByRole('button', { name: 'Save approvals' }).click();
  await expect(page.locator('.banner.error')).toContainText('need a sponsor or path you unticked');
  await expect(sponsorBox()).toBeChecked();

  // Switching off waits for the cohort to move.
  await page.getByRole('button', { name: 'Switch off this trainer' }).click();
  await expect(page.locator('.banner.error')).toContainText('still has planned or running cohorts (1)');
  await expect(page.locator('#trainer-status')).toHaveText('Active');
  const row = page.locator('#reassign li').filter({ hasText: cohortName });
  const chosen = (await row.locator('select option').first().innerText()).split(' — ')[0];
  await row.getByRole('button', { name: 'Move' }).click();
  await expect(page.locator('.banner.notice')).toContainText(`${cohortName} moved to ${chosen}`);
  await expect(page.locator('#reassign')).toHaveCount(0);
  expect(await one(`select p.display_name from cohort c join profile p on p.user_id = c.trainer_id where c.name = $1`, [cohortName])).toBe(chosen);

  await page.getByRole('button', { name: 'Switch off this trainer' }).click();
  await expect(page.locator('.banner.notice')).toContainText('is switched off and signed out everywhere');
  await expect(page.locator('#trainer-status')).toHaveText('Switched off');
  expect(await one(`select status::text from app_user where email = $1`, [email])).toBe('disabled');
});

test('operations opens a risk ticket, works it through open, in progress and resolved, and is told what is missing', async ({ page, consoleErrors }) => {
  await signIn(page, OPS);
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Risk tickets' }).click();
  await expect(page).toHaveURL(/\/ops\/risks$/);
  // The model's proposals are explained, whether or not a cohort calls for a ticket today.
  await expect(page.locator('#proposals-heading')).toHaveText('Raised from the at-risk flags');
  await expect(page.locator('#proposals, #proposals-heading ~ .empty').first()).toBeVisible();
  await page.locator('#new-ticket').click();
  await expect(page).toHaveURL(/\/ops\/risks\/new$/);

  const title = `Attendance sheets unsigned ${test.info().project.name}`;
  await page.locator('#field-title').fill('');
  await page.locator('#field-kind').selectOption('compliance');
  await page.locator('#field-severity').selectOption('high');
  await page.locator('#field-action').fill('Collect the signatures at the next session.');
  await page.getByRole('button', { name: 'Open the ticket' }).click();
  await expect(page.locator('#field-title-error')).toHaveText('Write something here first.');
  await expect(page.locator('#field-action')).toHaveValue('Collect the signatures at the next session.');
  expect(await one(`select count(*) from risk_alert where title = '${title}'`)).toBe('0');

  await page.locator('#field-title').fill(title);
  await page.getByRole('button', { name: 'Open the ticket' }).click();
  await expect(page).toHaveURL(/\/ops\/risks\/\d+$/);
  await expect(page.locator('.banner.notice')).toContainText('Ticket opened and given to Nadia Okafor');
  await expect(page.locator('#ticket-status')).toHaveText('Open');
  // High: due three days after it was opened.
  expect(await one(`select (extract(epoch from due_at - created_at) / 3600)::int from risk_alert where title = '${title}'`)).toBe(72);

  await page.getByRole('button', { name: 'Start work' }).click();
  await expect(page.locator('#ticket-status')).toHaveText('In progress');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.locator('#field-note-error')).toHaveText('Say how the ticket was resolved before resolving it.');
  await expect(page.locator('#ticket-status')).toHaveText('In progress');
  await page.locator('#field-note').fill('Signatures collected and the sheets re-filed.');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.locator('.banner.notice')).toHaveText('The ticket is now "Resolved".');
  await expect(page.locator('#ticket-status')).toHaveText('Resolved');
  await expect(page.locator('#ticket-note')).toHaveText('Signatures collected and the sheets re-filed.');
  await expect(page.locator('#ticket-final')).toBeVisible();
  await expect(page.locator('#recovery-figure')).toContainText('No learners to count');
  expect(await one(`select status::text from risk_alert where title = '${title}'`)).toBe('resolved');

  await page.goto('/ops/risks?status=resolved');
  await expect(page.locator('#tickets').getByRole('link', { name: title })).toBeVisible();
  await expect(page.locator('.tabs [aria-current="page"]')).toHaveText('Resolved');
});

test('operations reads quality and compliance, each metric with its definition, for a client chosen in the address', async ({ page, consoleErrors }) => {
  // Cohorts that ended in the default period (the 28 days to today), and those of them with a
  // member who has not completed the path: counted before and after the page, since learners in
  // other tests may complete a path meanwhile.
  const endedSql = `select count(*) filter (where unfinished > 0) || ' of ' || count(*) from cohort_completion
      where ends_on between current_date - 27 and current_date and status <> 'cancelled'`;
  const before = String(await one(endedSql));
  await signIn(page, OPS);
  await page.getByRole('link', { name: 'Quality', exact: true }).click();
  await expect(page).toHaveURL(/\/ops\/quality$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quality and compliance');
  const after = String(await one(endedSql));
  const ended = await page.locator('#quality-ended td.num').nth(1).innerText();
  expect([before, after].some((counted) => ended === counted || ended.startsWith(`${counted} `))).toBe(true);
  // Every metric says what it counts, with the thresholds it counts against, and a verdict.
  await expect(page.locator('#quality tbody tr')).toHaveCount(7);
  await expect(page.locator('#quality-graded-in-time')).toContainText('within 48 hours of being handed in');
  await expect(page.locator('#quality-inactive')).toContainText('in the last 14 days');
  await expect(page.locator('#quality-overdue')).toContainText('at most 10%');
  for (const row of await page.locator('#quality tbody tr').all()) {
    await expect(row.locator('.verdict')).toHaveText(/^(Met|Missed|Nothing to count)$/);
  }

  // One client, chosen in the form: the address carries the view and the form keeps the choice.
  const [client] = await query<{ id: string; name: string }>('select client_org_id as id, name from client_org order by name limit 1');
  await page.locator('#field-client').selectOption({ label: client.name });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`/ops/quality\\?client=${client.id}(&|$)`));
  await expect(page.locator('#quality-scope strong')).toHaveText(client.name);
  await expect(page.locator('#field-client')).toHaveValue(client.id);

  // Dates the wrong way round: the field named, what was typed kept, nothing counted.
  await page.locator('#field-from').fill('2026-11-10');
  await page.locator('#field-to').fill('2026-11-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('#filter-error')).toHaveText('The end date is before the start date.');
  await expect(page.locator('#field-to')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#quality')).toHaveCount(0);
});

test('operations downloads a report, with its progress shown when scripts run', async ({ page, consoleErrors, javaScriptEnabled }) => {
  await signIn(page, OPS);
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await expect(page).toHaveURL(/\/ops\/reports$/);

  // The cohort summary of the sponsor with the most cohorts.
  const [client] = await query<{ id: string; name: string; cohorts: string }>(
    `select o.client_org_id as id, o.name, count(*) as cohorts from client_org o join cohort c using (client_org_id)
      group by 1, 2 order by 3 desc, 1 limit 1`);
  const form = page.locator('#report-cohorts');
  await form.locator('#cohorts-client').selectOption({ label: client.name });
  const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^cohorts-client-${client.id}-\\d{8}-\\d{4}\\.csv$`));
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('cohort_id,cohort,client,path,trainer,status,starts_on,ends_on,members,not_completed,at_risk,waiting_for_grade,average_score');
  expect(csv.length - 1).toBe(Number(client.cohorts));
  if (javaScriptEnabled) {
    // The script counted the rows the server announced, and said so.
    await expect(form.locator('.report-progress')).toHaveText(`Downloaded: ${client.cohorts} rows.`);
    await expect(form.locator('progress')).toHaveAttribute('value', client.cohorts);
  }

  // The learners' report without a sponsor: sent back with the field named, nothing downloaded.
  // (The browser would not send the form empty; an address typed or bookmarked can be.)
  await page.goto('/ops/reports/learners.csv');
  await expect(page).toHaveURL(/\/ops\/reports\?report=learners$/);
  await expect(page.locator('#report-learners-error')).toHaveText('Choose the sponsor.');
  await expect(page.locator('#learners-client')).toHaveAttribute('aria-invalid', 'true');
});

test('operations reads recommendations, each with its numbers and reason', async ({ page, consoleErrors }) => {
  await signIn(page, OPS);
  await page.getByRole('link', { name: 'Advice', exact: true }).click();
  await expect(page).toHaveURL(/\/ops\/recommendations$/);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([
    'Trainers each sponsor needs next month', 'Cohorts to merge or split', 'Trainers over capacity']);

  // Each sponsor's trainers needed follow from its trend forecast at 120 learners per trainer,
  // and the recommendation is the gap to those serving it now.
  const rows = page.locator('#staffing tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  for (const row of await rows.all()) {
    const cells = row.locator('td');
    const number = async (i: number) => Number((await cells.nth(i).innerText()).split(/\s/)[0].replace(/,/g, ''));
    const [trend, needed, serving] = [await number(1), await number(3), await number(4)];
    expect(needed).toBe(Math.ceil(trend / 120));
    const advice = await cells.nth(5).locator('.verdict').innerText();
    if (needed > serving) expect(advice).toBe(`Add ${needed - serving} trainer${needed - serving === 1 ? '' : 's'}`);
    else if (needed === serving) expect(advice).toBe('Enough trainers');
    else expect(advice).toMatch(/could take other work$/);
    await expect(cells.nth(5).locator('.detail')).toContainText(`at 120 per trainer that needs ${needed}, and ${serving} serve`);
  }

  // Trainers over capacity are exactly those the database says, each with a way to act.
  const over = await query<{ name: string }>(
    `select p.display_name as name from app_user u join profile p using (user_id)
       left join trainer_profile tp on tp.trainer_id = u.user_id
       join cohort c on c.trainer_id = u.user_id and c.status in ('planned', 'active')
       left join kpi_cohort k using (cohort_id)
      where u.role = 'trainer' group by u.user_id, p.display_name, tp.capacity
     having coalesce(sum(k.members), 0) > coalesce(tp.capacity, 150)`);
  if (over.length === 0) {
    await expect(page.locator('#none-over')).toBeVisible();
  } else {
    const shown = (await page.locator('#overloaded tbody th').allInnerTexts()).sort();
    expect(shown).toEqual(over.map((o) => o.name).sort());
    await page.getByRole('link', { name: 'Balance the load' }).click();
    await expect(page).toHaveURL(/\/ops\/redistribute$/);
  }
});
