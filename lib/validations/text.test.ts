import { describe, expect, it } from 'vitest';
import { parseLessonDocument, LessonDocumentError } from '../content/frontmatter';
import { CreateCategorySchema } from './studio';
import { SubmissionBodySchema } from './submission';
import { unstorableTextProblem } from './text';

describe('text that cannot be stored', () => {
  it('finds a NUL or a lone surrogate with its line and column; accepts real text (Korean, emoji)', () => {
    expect(unstorableTextProblem('FROM x\nRUN a\u0000b')).toMatchObject({ line: 2, column: 6 });
    expect(unstorableTextProblem('ok\n\ud800')).toMatchObject({ line: 2, column: 1, message: expect.stringContaining('lone UTF-16 surrogate') });
    expect(unstorableTextProblem('레이어 🐳 \ud83d\udc33')).toBeUndefined();
  });

  it('is refused in a submission, a lesson document and a category name with a clear message', () => {
    const sub = SubmissionBodySchema.safeParse({ files: { Dockerfile: 'FROM layerlab/busybox\u0000\nRUN true' } });
    expect(sub.success).toBe(false);
    expect(sub.error?.issues[0]).toMatchObject({ path: ['files', 'Dockerfile'], message: expect.stringMatching(/contains a NUL character .* line 1, column 22/) });

    const lesson = () => parseLessonDocument('---\ntitle: "A\u0000B"\ncategoryPath: ["X"]\nauthorNick: "a"\ncreatedAt: "2026-01-01"\nupdateMode: "upsert"\n---\nbody\n');
    expect(lesson).toThrow(LessonDocumentError);
    try {
      lesson();
    } catch (e) {
      expect((e as LessonDocumentError).issues[0]).toMatchObject({ line: 2, column: 10 });
    }

    for (const name of ['Bi\u202Edi', 'Zw\u200Bsp', 'line1\nline2', 'a\u0000b']) {
      expect(CreateCategorySchema.safeParse({ name, parentId: null }).success, JSON.stringify(name)).toBe(false);
    }
    expect(CreateCategorySchema.safeParse({ name: '3장 도커 이미지', parentId: null }).success).toBe(true);
  });
});
