/**
 * Signing in through the login form in the e2e specs (the real next-auth credentials flow).
 */
import type { Page } from '@playwright/test';

/** The password of every demo account (scripts/db/seed.ts, demo mode). */
export const DEMO_PASSWORD = 'layerlab';

/** Signs `email` in through /login and waits until the browser has left the login page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
