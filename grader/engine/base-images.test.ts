import { describe, expect, it } from 'vitest';
import {
  BASE_IMAGES,
  OFFLINE_NPM_PACKAGES,
  mirrorFromDeb822,
  mirrorFromSourcesList,
} from './base-images';

describe('apt mirror parsing', () => {
  it('reads the bookworm URI from deb822 sources, skipping comments and other suites', () => {
    const text = [
      'Types: deb',
      '# http://old.example/debian',
      'URIs: http://mirror.example/debian',
      'Suites: bookworm bookworm-updates',
      'Components: main',
      '',
      'Types: deb',
      'URIs: http://mirror.example/debian-security',
      'Suites: bookworm-security',
      'Components: main',
    ].join('\n');
    expect(mirrorFromDeb822(text)).toBe('http://mirror.example/debian');
    expect(mirrorFromDeb822(text, 'bookworm-security')).toBe('http://mirror.example/debian-security');
  });

  it('ignores deb-src and disabled stanzas', () => {
    const text = [
      'Types: deb-src',
      'URIs: http://src.example/debian',
      'Suites: bookworm',
      '',
      'Types: deb',
      'Enabled: no',
      'URIs: http://off.example/debian',
      'Suites: bookworm',
      '',
      'Types: deb deb-src',
      'URIs: http://on.example/debian',
      'Suites: bookworm',
    ].join('\n');
    expect(mirrorFromDeb822(text)).toBe('http://on.example/debian');
  });

  it('reads one-line sources.list entries, with options and comments', () => {
    const text = [
      '# deb http://commented.example/debian bookworm main',
      'deb-src http://src.example/debian bookworm main',
      'deb [signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian bookworm main',
    ].join('\n');
    expect(mirrorFromSourcesList(text)).toBe('http://mirror.example/debian');
    expect(mirrorFromSourcesList('deb http://x.example/debian bullseye main')).toBeUndefined();
  });
});

describe('base image recipe inputs', () => {
  it('lists the images labs may use', () => {
    expect(BASE_IMAGES).toEqual(['layerlab/busybox', 'layerlab/node:18']);
  });

  it('caches the packages the labs need offline', () => {
    for (const name of ['express', 'lodash', 'dayjs', 'ms', 'typescript', '@types/node']) {
      expect(OFFLINE_NPM_PACKAGES.some((p) => p.startsWith(`${name}@`))).toBe(true);
    }
  });
});
