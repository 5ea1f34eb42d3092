// Recovering an account by e-mail in the browser: the reset letter travels over real SMTP, in the
// reader's language with a plain-text part, and its link sets a new password once.
import { expect, letterTo, linkIn, one, test } from './helpers';

test('a learner who forgot the password chooses a new one through the e-mailed link, in French', async ({ page, consoleErrors }) => {
  // A fresh learner per project, made through the real sign-up and confirmation.
  const email = `oubli.${test.info().project.name}@example.org`;
  await page.goto('/signup');
  await page.getByRole('button', { name: 'Français' }).click();
  await page.locator('#field-name').fill('Awa Ouédraogo');
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill('le karité du village');
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(page.locator('.banner.notice')).toContainText(email);
  const welcome = await letterTo(email);
  expect(welcome.language).toBe('fr');
  expect(welcome.subject).toBe('Confirmez votre adresse e-mail pour RuralRise');
  await page.goto(linkIn(welcome, '/verify'));
  await page.getByRole('button', { name: 'Confirmer et se connecter' }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();

  await page.goto('/signin');
  await page.getByRole('link', { name: 'En choisir un nouveau' }).click();
  await expect(page).toHaveURL(/\/reset$/);
  await page.locator('#field-email').fill(email);
  await page.getByRole('button', { name: 'Envoyer le lien' }).click();
  await expect(page.locator('.banner.notice')).toContainText(`Si ${email} a un compte RuralRise`);

  const letter = await letterTo(email, 2);
  expect(letter.subject).toBe('Choisissez un nouveau mot de passe RuralRise');
  expect(letter.text).toContain('30 minutes');
  expect(letter.html).toContain('<a href=');
  const link = linkIn(letter, '/reset/new');
  await page.goto(link);
  await page.locator('#field-password').fill('un tout nouveau secret');
  await page.getByRole('button', { name: 'Enregistrer et se connecter' }).click();
  await expect(page).toHaveURL(/\/learn$/);
  expect(await one<number>(`select count(*)::int from account_token t join app_user u using (user_id)
                             where u.email = $1 and t.purpose = 'reset_password' and t.used_at is null`, [email])).toBe(0);

  // The link worked once.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.goto(link);
  await expect(page.locator('.banner.error')).toContainText('a expiré ou a déjà servi');
});
