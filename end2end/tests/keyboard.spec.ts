// Keyboard only: Tab, Shift+Tab, Enter, Space and typing. A skip link comes first, focus is always
// visible, and each role signs in and reaches its area's main action without a mouse.
import { Page } from '@playwright/test';
import { expect, LEARNER, letterTo, linkIn, one, OPS, PASSWORD, query, test, TRAINER } from './helpers';

/** Presses Tab until `selector` has focus, checking on the way that whatever has focus shows it. */
async function tabTo(page: Page, selector: string, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate((sel) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { here: false, visible: true };
      const style = getComputedStyle(el);
      const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      return { here: el.matches(sel), visible };
    }, selector);
    expect(state.visible, `focus ring while tabbing towards ${selector}`).toBe(true);
    if (state.here) return;
  }
  throw new Error(`${selector} was not reached in ${max} presses of Tab`);
}

async function signInByKeyboard(page: Page, email: string) {
  await page.goto('/signin');
  await tabTo(page, 'a.skip');
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await tabTo(page, '#field-email');
  await page.keyboard.type(email);
  await tabTo(page, '#field-password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
}

test('the skip link is the first stop and leads to the main content', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.locator('a.skip');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('a new learner signs up and switches the whole dashboard to Kiswahili by keyboard', async ({ page, consoleErrors }) => {
  // A fresh account, so the saved language choice cannot reach other tests running alongside.
  await page.goto('/signup');
  await tabTo(page, '#field-name');
  await page.keyboard.type('Baraka Ochieng');
  await tabTo(page, '#field-email');
  const email = `baraka.keys.${test.info().project.name}@example.org`;
  await page.keyboard.type(email);
  await tabTo(page, '#field-password');
  await page.keyboard.type('my cows know the way home');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/signin$/);
  // The confirmation link arrives by e-mail; on its page the button is reached by keyboard.
  await page.goto(linkIn(await letterTo(email), '/verify'));
  await tabTo(page, 'form[action$="verify_email"] button[type=submit]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/learn$/);
  await tabTo(page, 'button[name=language][value=sw]');
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'sw');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Habari, Baraka');
});

test('the demo learner signs in by keyboard', async ({ page, consoleErrors }) => {
  await signInByKeyboard(page, LEARNER);
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Amina');
});

test('a trainer signs in and opens one cohort\'s grading queue by keyboard', async ({ page, consoleErrors }) => {
  await signInByKeyboard(page, TRAINER);
  await expect(page).toHaveURL(/\/train$/);
  await tabTo(page, '#cohorts a.cell-link[href^="/train/queue?cohort="]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/train\/queue\?cohort=\d+$/);
  await expect(page.locator('#pending-count')).toBeVisible();
});

test('a trainer grades with the keys: 1–4 pick levels, ? lists the keys, typed feedback survives a reload, n saves and goes on',
  async ({ page: first, context, consoleErrors, javaScriptEnabled }) => {
    let page = first;
    test.skip(!javaScriptEnabled, 'the keys are the island\'s; without a script the same form is used with Tab and Space');
    // A trainer neither grading test uses (they take the first two with work waiting).
    const trainers = await query<{ email: string; user_id: string }>(
      `select u.email, u.user_id from app_user u join cohort c on c.trainer_id = u.user_id join submission s on s.cohort_id = c.cohort_id
        where u.email <> $1 and u.email not like 'xss-%' and s.status = 'pending'
        group by u.email, u.user_id having count(*) >= 2 order by u.email limit 3`, [TRAINER]);
    expect(trainers.length).toBe(3);
    const order = await query<{ submission_id: string }>(
      `select s.submission_id from submission s join cohort c on c.cohort_id = s.cohort_id
        where c.trainer_id = $1 and s.status = 'pending' order by s.submitted_at, s.submission_id`, [trainers[2].user_id]);
    await signInByKeyboard(page, trainers[2].email);
    await expect(page).toHaveURL(/\/train$/);
    await page.goto(`/train/submissions/${order[0].submission_id}`);
    await expect(page.locator('.grading-live[data-live]')).toBeVisible();
    await expect(page.locator('#keys-hint')).toBeVisible();

    await page.keyboard.press('?');
    await expect(page.locator('#keys-help')).toBeVisible();
    await page.keyboard.press('?');
    await expect(page.locator('#keys-help')).toBeHidden();

    // "4 3 3": the first criterion gets its top level, the next two their third.
    await page.keyboard.press('4');
    await page.keyboard.press('3');
    await page.keyboard.press('3');
    await expect(page.locator('#p3-c0-l3')).toBeChecked();
    await expect(page.locator('#p3-c1-l2')).toBeChecked();
    await expect(page.locator('#p3-c2-l2')).toBeChecked();

    // Typing in the feedback is typing, not shortcuts; the tab closed and the page opened again
    // (no form state for the browser to bring back), the feedback is there.
    await page.locator('#feedback').fill('n is a letter here, 4 too.');
    await page.locator('#feedback').press('n');
    await expect(page).toHaveURL(new RegExp(`/train/submissions/${order[0].submission_id}$`));
    const url = page.url();
    await page.close();
    page = await context.newPage();
    await page.goto(url);
    await expect(page.locator('.grading-live[data-live]')).toBeVisible();
    await expect(page.locator('#feedback')).toHaveValue('n is a letter here, 4 too.n');
    await expect(page.locator('#draft-restored')).toBeVisible();

    await page.keyboard.press('f');
    await expect(page.locator('#flag-reason')).toBeFocused();
    await page.locator('#flag-reason').press('Escape');
    await page.locator('h1').click();
    await page.keyboard.press('4');
    await page.keyboard.press('3');
    await page.keyboard.press('3');
    await page.keyboard.press('n');
    await expect(page).toHaveURL(new RegExp(`/train/submissions/${order[1].submission_id}`));
    expect(await one<string>('select status::text from submission where submission_id = $1', [order[0].submission_id])).toBe('graded');
    expect(await one<string>('select feedback from submission where submission_id = $1', [order[0].submission_id]))
      .toBe('n is a letter here, 4 too.n');
    // Saved: the browser's copy is gone.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rr-grade-')).length)).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

test('operations signs in and creates a trainer account by keyboard', async ({ page, consoleErrors }) => {
  await signInByKeyboard(page, OPS);
  await expect(page).toHaveURL(/\/ops$/);
  await tabTo(page, 'nav a[href="/ops/trainers"]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/ops\/trainers$/);
  const email = `keyboard.${test.info().project.name}@ruralrise.test`;
  await tabTo(page, '#field-name');
  await page.keyboard.type('Zuhura Keys');
  await tabTo(page, '#field-email');
  await page.keyboard.type(email);
  await tabTo(page, '#field-password');
  await page.keyboard.type('typed without a mouse');
  await tabTo(page, '#create-trainer button[type=submit]');
  await page.keyboard.press('Enter');
  await expect(page.locator('.banner.notice')).toContainText(email);
});
