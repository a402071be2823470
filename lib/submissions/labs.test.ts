import { describe, expect, it } from 'vitest';
import { editableFiles } from './labs';

describe('editableFiles', () => {
  it('lists file entries as they are and expands folder entries to their starter files', () => {
    const starterFiles = [
      { path: 'package.json', content: '{}' },
      { path: 'src/app.js', content: '' },
      { path: 'src/lib/util.js', content: '' },
    ];
    expect(editableFiles({ submit: ['Dockerfile', '.dockerignore'], starterFiles })).toEqual(['Dockerfile', '.dockerignore']);
    expect(editableFiles({ submit: ['Dockerfile', 'src'], starterFiles })).toEqual(['Dockerfile', 'src/app.js', 'src/lib/util.js']);
  });
});
