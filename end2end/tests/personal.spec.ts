// A learner takes their data away and deletes their account from /account, with JavaScript on
// and off: the download is a real .zip, the deletion asks for the box, then signs them out for good.
import { readFileSync } from 'node:fs';
import { expect, signIn, test } from './helpers';

test('a learner downloads their data, then deletes their account', async ({ page, javaScriptEnabled }) => {
  // Learners no other test signs in as: this one is erased at the end.
  const email = javaScriptEnabled ? 'learner000010@ruralrise.test' : 'learner000011@ruralrise.test';
  await signIn(page, email);
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/account');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download my data' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^ruralrise-data-\d+-\d{8}\.zip$/);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  expect(bytes.toString('latin1')).toContain('data.json');

  // Without the box ticked, nothing happens and the page says why, next to the box.
  await page.goto('/account');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.locator('#field-confirm-error')).toContainText('Tick the box to confirm');
  await expect(page.locator('#field-confirm')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('I understand my account will be deleted and cannot be restored.').check();
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByText('Your account was deleted and you are signed out.')).toBeVisible();
  await page.goto('/learn');
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, email);
  await expect(page.locator('.banner.error')).toBeVisible();
});
