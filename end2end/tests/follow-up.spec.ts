import { expect, one, query, signIn, test, TRAINER } from './helpers';

// A trainer finds a learner on the at-risk list with the reasons in words, writes to them from
// their follow-up page, records an intervention; the learner sees the message in their inbox
// (counted in the header) and marks it read. With JavaScript on and off, each project its own learner
// (one reading English, so the words checked are the ones they see).
test('a trainer messages an at-risk learner, who reads it in their inbox', async ({ browser, page, consoleErrors }, info) => {
  const offset = info.project.name === 'js' ? 0 : 1;
  const [learner] = await query<{ user_id: string; email: string; name: string }>(
    `select u.user_id, u.email, p.display_name as name
       from learner_risk r join cohort_member cm using (learner_id) join cohort c using (cohort_id)
       join app_user t on t.user_id = c.trainer_id join app_user u on u.user_id = r.learner_id join profile p on p.user_id = u.user_id
      where r.at_risk and t.email = $1 and c.status = 'active' and u.email like 'learner0%'
        and jsonb_array_length(r.reasons) > 0 and (p.language is null or p.language = 'en')
      order by r.score desc, u.user_id limit 1 offset $2`, [TRAINER, offset]);
  expect(learner, 'the demo trainer has learners at risk').toBeTruthy();

  await signIn(page, TRAINER);
  await page.getByRole('navigation').getByRole('link', { name: 'At risk' }).click();
  await expect(page).toHaveURL(/\/train\/at-risk$/);
  const row = page.locator(`#at-risk tr[data-learner="${learner.user_id}"]`);
  await expect(row.locator('ul.reasons li').first()).toBeVisible();
  await row.getByRole('link', { name: learner.name }).click();
  await expect(page).toHaveURL(new RegExp(`/train/learners/${learner.user_id}`));

  const body = `Hello from your trainer (${info.project.name}): shall we meet on Monday? <b>not bold</b>`;
  await page.locator('#field-body').fill(body);
  await page.locator('#send-message').click();
  await expect(page.locator('.banner.notice')).toHaveText('Message sent to 1 learner.');
  await expect(page.locator('#sent-messages li').first()).toContainText(body);

  await page.locator('#kind').selectOption('call');
  await page.locator('#field-note').fill('Phone on Monday morning');
  await page.getByRole('button', { name: 'Record intervention' }).click();
  await expect(page.locator('.banner.notice')).toContainText('Intervention recorded');
  await expect(page.locator('#intervention-list li').first()).toContainText('Phone on Monday morning');
  await expect(page.locator('#intervention-list li').first()).toContainText('No learning since');

  const context = await browser.newContext({ javaScriptEnabled: info.project.name === 'js' });
  const learnerPage = await context.newPage();
  await signIn(learnerPage, learner.email);
  await expect(learnerPage.locator('#inbox-link')).toContainText('new');
  await learnerPage.locator('#inbox-link').click();
  await expect(learnerPage).toHaveURL(/\/learn\/inbox$/);
  const message = learnerPage.locator('#inbox li.unread').first();
  await expect(message).toContainText(body);
  await expect(message.locator('b')).toHaveCount(0);
  await learnerPage.locator('#mark-read').click();
  await expect(learnerPage.locator('#unread-count')).toHaveText('0 unread messages');
  await expect(learnerPage.locator('#inbox-link')).toHaveText('Messages');
  const read = await one<string>(`select count(*) from message where recipient_id = $1 and read_at is null`, [learner.user_id]);
  expect(Number(read)).toBe(0);
  await context.close();
});
