import { describe, expect, it } from 'vitest';
import { categoryPathOf, decodeSlugParam, lessonUrl, slugify } from './slug';

describe('slugify', () => {
  it('keeps Hangul and digits, turns everything else into single dashes', () => {
    expect(slugify('3.4 도커 이미지와 이미지 레이어 이해하기')).toBe('3-4-도커-이미지와-이미지-레이어-이해하기');
    expect(slugify('3장 도커 이미지 만들기')).toBe('3장-도커-이미지-만들기');
    expect(slugify('  Docker: Layers & Cache!  ')).toBe('docker-layers-cache');
    expect(slugify('🐳')).toBe('');
  });

  it('normalises decomposed Hangul (NFD) to the same slug', () => {
    expect(slugify('도커'.normalize('NFD'))).toBe('도커');
  });

  it('joins category slugs into a path', () => {
    expect(categoryPathOf(['Docker', '3장 도커 이미지 만들기'])).toBe('docker/3장-도커-이미지-만들기');
  });

  it('builds and decodes lesson URLs', () => {
    const slug = '3-4-도커-이미지와-이미지-레이어-이해하기';
    const url = lessonUrl(slug);
    expect(url).toMatch(/^\/lessons\/3-4-%EB%8F%84/);
    expect(decodeSlugParam(url.slice('/lessons/'.length))).toBe(slug);
    expect(decodeSlugParam(slug)).toBe(slug);
    expect(decodeSlugParam('%E0%A4%A')).toBe('%E0%A4%A');
  });
});
