import { z } from 'zod';
import { db } from '../db';

/**
 * Site-wide settings an admin changes at run time, each with its schema and default. Stored in the
 * SiteSetting table as JSON; a stored value that no longer parses falls back to the default.
 */
export const SITE_SETTINGS = {
  /** Whether anyone may create an account with a class join code (each class can also close it). */
  signUpEnabled: z.boolean().default(true).describe('Self sign-up with a class join code'),
  /** How long a session lasts after sign-in, in hours (1 hour to 90 days). */
  sessionLifetimeHours: z.number().int().min(1).max(24 * 90).default(24 * 7).describe('Session lifetime (hours)'),
} as const;

export type SiteSettingKey = keyof typeof SITE_SETTINGS;
export type SiteSettingValue<K extends SiteSettingKey> = z.output<(typeof SITE_SETTINGS)[K]>;

/** The current value of a setting (its default when unset or unreadable). */
export async function getSiteSetting<K extends SiteSettingKey>(key: K): Promise<SiteSettingValue<K>> {
  const row = await db.siteSetting.findUnique({ where: { key } });
  const parsed = SITE_SETTINGS[key].safeParse(row?.value ?? undefined);
  return (parsed.success ? parsed.data : SITE_SETTINGS[key].parse(undefined)) as SiteSettingValue<K>;
}

/** Validates and stores a setting. Throws a ZodError (with the field's message) on a bad value. */
export async function setSiteSetting<K extends SiteSettingKey>(key: K, value: unknown): Promise<SiteSettingValue<K>> {
  const parsed = SITE_SETTINGS[key].parse(value) as SiteSettingValue<K>;
  await db.siteSetting.upsert({ where: { key }, update: { value: parsed as never }, create: { key, value: parsed as never } });
  return parsed;
}
