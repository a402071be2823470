import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLessonDocument } from './frontmatter';
import { renderLesson, renderLessonMarkdown } from './render';

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
    expect(html).toContain('<pre tabindex="0"><code>┌─────');
    expect(html).toContain('│     컨테이너 레이어 (읽기/쓰기)     │  ← 실행 시 생성');
    expect(toc[0]).toEqual({ depth: 2, id: 'user-content-이미지-레이어의-기본-개념', text: '이미지 레이어의 기본 개념' });
    expect(toc).toContainEqual({ depth: 3, id: 'user-content-레이어-구조-시각화', text: '레이어 구조 시각화' });
    expect(html).toContain('<h2 id="user-content-이미지-레이어의-기본-개념">');
    expect(toc.every((t) => t.depth === 2 || t.depth === 3)).toBe(true);
  });

  it('renders GFM tables', async () => {
    const { html } = await renderLessonMarkdown('| 명령 | 레이어 |\n| --- | :-: |\n| RUN | 1 |\n');
    expect(html).toContain('<div class="table-wrap" role="region" aria-label="Table" tabindex="0"><table>');
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
    expect(html).toContain('<pre tabindex="0"><code>plain │ 한글\n</code></pre>');
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
    expect(toc).toEqual([{ depth: 2, id: 'user-content-본문', text: '본문' }]);
  });

  it('prefixes author and generated ids and names, and rewrites in-page links to match', async () => {
    const { html, toc } = await renderLessonMarkdown(
      '## __next_f\n\n<a name="__NEXT_DATA__">x</a> <div id="location">y</div>\n\n[back](#__next_f)\n',
    );
    expect(html).toContain('<h2 id="user-content-__next_f">');
    expect(html).toContain('name="user-content-__NEXT_DATA__"');
    expect(html).toContain('id="user-content-location"');
    expect(html).toContain('href="#user-content-__next_f"');
    expect(html).not.toMatch(/(id|name)="(?!user-content-)/);
    expect(toc).toEqual([{ depth: 2, id: 'user-content-__next_f', text: '__next_f' }]);
  });

  it('blocks external images unless their host is allowed', async () => {
    const md = '![diagram](https://img.example.org/a.png) ![local](/icon.svg) ![other](//evil.example/t.gif)\n';
    const blocked = await renderLessonMarkdown(md);
    expect(blocked.html).not.toContain('<img src="https://img.example.org');
    expect(blocked.html).toContain('diagram (external image from img.example.org, not loaded)');
    expect(blocked.html).toContain('other (external image from evil.example, not loaded)');
    expect(blocked.html).toContain('<img src="/icon.svg" alt="local">');
    const before = process.env.LAYERLAB_LESSON_IMAGE_HOSTS;
    process.env.LAYERLAB_LESSON_IMAGE_HOSTS = 'img.example.org';
    try {
      const allowed = await renderLessonMarkdown(md);
      expect(allowed.html).toContain('<img src="https://img.example.org/a.png" alt="diagram">');
      expect(allowed.html).toContain('other (external image from evil.example, not loaded)');
    } finally {
      if (before === undefined) delete process.env.LAYERLAB_LESSON_IMAGE_HOSTS;
      else process.env.LAYERLAB_LESSON_IMAGE_HOSTS = before;
    }
  });
});

describe('renderLesson (mdx)', () => {
  it('maps the allowed components to their tags and keeps code text such as {{.ID}}', async () => {
    const body = [
      '## 레이어',
      '',
      'Run `docker history --format "{{.ID}}"`.',
      '',
      '<Callout type="tip">Order *matters*.</Callout>',
      '',
      '<LayerStack title="app">',
      '  <Layer note="runtime">container</Layer>',
      '  <Layer>FROM alpine</Layer>',
      '</LayerStack>',
      '',
      '<Quiz question="Cached?">',
      '  <Choice correct explanation="yes">A</Choice>',
      '  <Choice explanation="no">B</Choice>',
      '</Quiz>',
      '',
      '<Lab id="cache-order"/>',
    ].join('\n');
    const r = await renderLesson(body, { format: 'mdx' });
    expect(r.format).toBe('mdx');
    expect(r.html).toContain('{{.ID}}');
    expect(r.html).toContain('<ll-callout type="tip">Order <em>matters</em>.</ll-callout>');
    expect(r.html).toContain('<ll-layer-stack title="app"><ll-layer note="runtime">container</ll-layer><ll-layer>FROM alpine</ll-layer></ll-layer-stack>');
    expect(r.html).toContain('<ll-choice correct="true" explanation="yes" index="0">A</ll-choice>');
    expect(r.html).toContain('<ll-lab lab="cache-order"></ll-lab>');
    expect(r.html).not.toContain(' id="cache-order"');
    expect(r.toc).toEqual([{ depth: 2, id: 'user-content-레이어', text: '레이어' }]);
  });
});
