import { expect, letterTo, linkIn, signIn, test, TRAINER } from './helpers';

test('sign-up reports bad input, keeps what was typed, then confirms the address by a link sent over SMTP', async ({ page, consoleErrors }) => {
  await page.goto('/signup');
  await page.locator('#field-name').fill('Imani Chebet');
  await page.locator('#field-email').fill('imani@');
  await page.locator('#field-password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.locator('.banner.error')).toHaveText('Please fix the fields marked below.');
  await expect(page.locator('#field-email-error')).toBeVisible();
  await expect(page.locator('#field-password-error')).toContainText('at least 10 characters');
  await expect(page.locator('#field-name')).toHaveValue('Imani Chebet');
  await expect(page.locator('#field-email')).toHaveValue('imani@');
  await expect(page.locator('#field-password')).toHaveValue('');

  const email = `imani.${test.info().project.name}@example.org`;
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill('my goats give milk');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.locator('.banner.notice')).toContainText(`We sent a link to ${email}`);
  const letter = await letterTo(email);
  expect(letter.subject).toBe('Confirm your e-mail address for RuralRise');
  expect(letter.text).toContain('Welcome to RuralRise');
  await page.goto(linkIn(letter, '/verify'));
  await page.getByRole('button', { name: 'Confirm and sign in' }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Imani');
  await expect(page.locator('#current-path')).toContainText('not enrolled in a learning path yet');
});

test('wrong password gets one clear message and keeps the e-mail', async ({ page, consoleErrors }) => {
  await signIn(page, TRAINER, 'not-the-password');
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.locator('.banner.error')).toContainText('do not match an account');
  await expect(page.locator('#field-email')).toHaveValue(TRAINER);
});

test('sign out ends the session', async ({ page, consoleErrors }) => {
  await signIn(page, TRAINER);
  await expect(page).toHaveURL(/\/train$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.locator('.banner.notice')).toHaveText('You are signed out.');
  await page.goto('/train');
  await expect(page).toHaveURL(/\/signin$/);
});

test('the password field toggles visibility with a tiny script, and is a plain field without', async ({ page, consoleErrors, javaScriptEnabled }) => {
  await page.goto('/signin');
  const input = page.locator('#field-password');
  const toggle = page.getByRole('button', { name: 'Show' });
  if (!javaScriptEnabled) {
    // Without JavaScript the field is a plain password input and no dead button shows.
    await expect(input).toHaveAttribute('type', 'password');
    await expect(toggle).toBeHidden();
    return;
  }
  await expect(toggle).toBeVisible();
  await input.fill('secret words');
  await toggle.click();
  await expect(input).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(input).toHaveAttribute('type', 'password');
});
