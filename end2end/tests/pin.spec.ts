// Picture-and-PIN sign-in on a shared phone, as people do it: the trainer makes the cohort's code
// and gives a learner a picture and PIN in the console; the learner types the code by hand, taps
// their own name (found by its accessible name, as a screen reader would), and signs in. The
// "no-js" project runs the same steps with JavaScript off.
import { expect, one, signIn, test, TRAINER } from './helpers';

test('a trainer gives a learner a PIN and the learner signs in with it', async ({ page, browser, javaScriptEnabled, consoleErrors }) => {
  test.skip(!javaScriptEnabled, 'one run changes the cohort; the no-JS run of the learner side is below');
  const cohort = await one<string>(
    `select c.cohort_id from cohort c join app_user u on u.user_id = c.trainer_id where u.email = $1 order by 1 limit 1`, [TRAINER]);
  const learner = await one<string>(
    `select p.display_name from cohort_member cm join profile p on p.user_id = cm.learner_id join app_user u on u.user_id = cm.learner_id
      where cm.cohort_id = $1 and u.role = 'learner'
        -- A name two members share (the demo world's names vary with the day it is made) would
        -- not say which row is meant.
        and not exists (select 1 from cohort_member o join profile op on op.user_id = o.learner_id
                         where o.cohort_id = cm.cohort_id and o.learner_id <> cm.learner_id and op.display_name = p.display_name)
      order by p.display_name, cm.learner_id limit 1`, [cohort]);

  await signIn(page, TRAINER);
  await page.locator(`a[href="/train/cohorts/${cohort}/pins"]`).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('PIN sign-in for');
  const button = page.getByRole('button', { name: /Make a (sign-in|new) code/ });
  await button.click();
  await expect(page.getByRole('status')).toContainText('new sign-in code is ready');
  const code = (await page.locator('#sign-in-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

  await page.getByLabel(`Picture for ${learner}`).selectOption('fish');
  await page.getByLabel(`New PIN for ${learner}`).fill('1357');
  await page.getByLabel(`New PIN for ${learner}`).locator('xpath=ancestor::form').getByRole('button', { name: 'Set PIN' }).click();
  await expect(page.getByRole('status')).toContainText(`${learner} has a new PIN`);

  // The shared phone, without JavaScript.
  const phoneContext = await browser.newContext({ javaScriptEnabled: false });
  const phone = await phoneContext.newPage();
  await phone.goto('/signin');
  await phone.getByRole('link', { name: 'Sign in with your picture and PIN' }).click();
  await phone.getByLabel(/Class sign-in code/).fill(` ${code.toLowerCase()} `);
  await phone.getByRole('button', { name: 'Continue' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toContainText('Sign in to');
  const me = phone.getByRole('radio', { name: new RegExp(`${learner}.*Fish`) });
  await me.check();
  await phone.getByLabel(/Your PIN/).fill('2468');
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(phone.locator('#field-pin-error')).toContainText('more tries before it locks');
  await expect(phone.getByRole('radio', { name: new RegExp(learner) })).toBeChecked();
  await phone.getByLabel(/Your PIN/).fill('1357');
  await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(phone).toHaveURL(/\/learn$/);
  await phoneContext.close();
  expect(consoleErrors).toEqual([]);
});
