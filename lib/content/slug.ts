/**
 * URL slugs that keep Hangul (and any other letters): lower-cased, every run of characters that
 * are not letters, marks or digits becomes one '-', no dash at either end.
 *
 *   "3.4 도커 이미지와 이미지 레이어 이해하기" → "3-4-도커-이미지와-이미지-레이어-이해하기"
 */
export function slugify(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Slug of each category name, outermost first. */
export function categoryPathSlugs(names: readonly string[]): string[] {
  return names.map(slugify);
}

/** Category.path of the innermost category: the slugs joined by '/'. */
export function categoryPathOf(names: readonly string[]): string {
  return categoryPathSlugs(names).join('/');
}

/** The page of a lesson. */
export function lessonUrl(slug: string): string {
  return `/lessons/${encodeURIComponent(slug)}`;
}

/** A slug from the URL: Next hands dynamic segments over percent-encoded (Hangul) — decode once. */
export function decodeSlugParam(raw: string): string {
  try {
    return decodeURIComponent(raw).normalize('NFC');
  } catch {
    return raw;
  }
}
