// Keyboard only: Tab, Shift+Tab, Enter, Space and typing. A skip link comes first, focus is always
// visible, and each role signs in and reaches its area's main action without a mouse.
import { Page } from '@playwright/test';
import { expect, LEARNER, letterTo, linkIn, OPS, PASSWORD, test, TRAINER } from './helpers';

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
  await tabTo(page, '#cohorts a.cell-link[href^="/train?cohort="]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/train\?cohort=\d+#waiting$/);
  await expect(page.locator('#queue-filter')).toBeVisible();
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
