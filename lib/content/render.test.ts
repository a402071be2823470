import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLessonDocument } from './frontmatter';
import { renderLessonMarkdown } from './render';

const SEED = readFileSync(path.resolve(__dirname, '../../content/lessons/docker-image-layers.md'), 'utf8');

/** Visible text of an HTML fragment (tags dropped, the entities we emit decoded). */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('renderLessonMarkdown', () => {
  it('renders the seed lesson: Hangul, {{.ID}}, highlighted fences, plain diagram, TOC', async () => {
    const doc = parseLessonDocument(SEED);
    const { html, toc, highlighted } = await renderLessonMarkdown(doc.body, doc.contentHash);
    expect(highlighted).toBe(true);
    expect(html).toContain('레이어의 기본 개념');
    expect(html).toContain('{{.ID}}');
    expect(textOf(html)).toContain('cat > Dockerfile << EOF'); // heredoc kept as text
    expect(textOf(html)).toContain('docker history layer-example --format "table {{.ID}}\\t{{.Size}}\\t{{.CreatedBy}}"');
    // A fence with a language is highlighted by shiki (inline colours survive sanitising).
    expect(html).toMatch(/<pre[^>]*data-language="bash"[^>]*data-theme="github-light"/);
    expect(html).toMatch(/<span style="color:#[0-9A-Fa-f]{6}">/);
    // `dockerfile  ` (trailing spaces) works too.
    expect(html).toMatch(/data-language="dockerfile"/);
    // The diagram (no language) is a plain pre, unchanged.
    expect(html).toContain('<pre><code>┌─────');
    expect(html).toContain('│     컨테이너 레이어 (읽기/쓰기)     │  ← 실행 시 생성');
    expect(toc[0]).toEqual({ depth: 2, id: '이미지-레이어의-기본-개념', text: '이미지 레이어의 기본 개념' });
    expect(toc).toContainEqual({ depth: 3, id: '레이어-구조-시각화', text: '레이어 구조 시각화' });
    expect(html).toContain('<h2 id="이미지-레이어의-기본-개념">');
    expect(toc.every((t) => t.depth === 2 || t.depth === 3)).toBe(true);
  });

  it('renders GFM tables', async () => {
    const { html } = await renderLessonMarkdown('| 명령 | 레이어 |\n| --- | :-: |\n| RUN | 1 |\n');
    expect(html).toContain('<table>');
    expect(html).toMatch(/<td align="center">1<\/td>/);
  });

  it('strips script and event handlers from raw HTML but keeps harmless markup', async () => {
    const { html } = await renderLessonMarkdown(
      'a<b and <kbd>Ctrl</kbd><br>\n\n<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n<!-- note -->\n',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('alert(1)');
    expect(html).not.toContain('onerror');
    expect(html).toContain('<kbd>Ctrl</kbd>');
    expect(html).toContain('<img src="x">');
  });

  it('does not crash on unknown languages and keeps fences without language plain', async () => {
    const { html } = await renderLessonMarkdown('```nosuchlang\nfoo {{.ID}}\n```\n\n```\nplain │ 한글\n```\n\n```BASH\necho hi\n```\n');
    expect(html).toContain('foo {{.ID}}');
    expect(html).toContain('<pre><code>plain │ 한글\n</code></pre>');
    expect(html).toMatch(/data-language="bash"/);
  });

  it('caches by key', async () => {
    const a = await renderLessonMarkdown('# one', 'cache-test-key');
    const b = await renderLessonMarkdown('# two', 'cache-test-key');
    expect(b).toBe(a);
  });

  it('keeps footnote links consistent and out of the TOC', async () => {
    const { html, toc } = await renderLessonMarkdown('## 본문\n\ntext[^1]\n\n[^1]: note\n');
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).toContain('id="user-content-fn-1"');
    expect(toc).toEqual([{ depth: 2, id: '본문', text: '본문' }]);
  });
});
