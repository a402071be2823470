import { describe, expect, it } from 'vitest';
import { LessonDocumentError, parseLessonDocument } from '../frontmatter';
import { labReferences, mdxBodyIssues, parseMdxBody } from './validate';

const FM = `---
title: "MDX test"
categoryPath: ["Docker"]
authorNick: "t"
createdAt: "2026-01-01"
updateMode: "upsert"
format: "mdx"
---
`;
const BODY_LINE = 9; // the first body line of FM + body

function issuesOf(body: string) {
  try {
    parseLessonDocument(FM + body);
  } catch (err) {
    if (err instanceof LessonDocumentError) return err.issues;
    throw err;
  }
  return [];
}

describe('MDX body validation', () => {
  it('accepts every allowed component with literal attributes', () => {
    const body = [
      '# Title',
      '',
      '<Callout type="warning" title="Careful">Text with `{{.ID}}` in code.</Callout>',
      '',
      '<LayerStack title="Image">',
      '  <Layer note="runtime">container layer</Layer>',
      '  <Layer>FROM alpine</Layer>',
      '</LayerStack>',
      '',
      '<Quiz question="Which is cached?">',
      '  <Choice correct explanation="Nothing changed.">RUN npm install</Choice>',
      '  <Choice explanation="Its file changed.">COPY . .</Choice>',
      '</Quiz>',
      '',
      '<Terminal command="docker history app" output="IMAGE  CREATED BY"/>',
      '',
      '<Lab id="cache-order"/>',
    ].join('\n');
    expect(mdxBodyIssues(body)).toEqual([]);
    const parsed = parseMdxBody(body);
    if (!('tree' in parsed)) throw new Error('expected a tree');
    expect(labReferences(parsed.tree)).toEqual([{ id: 'cache-order', line: 17, column: 6 }]);
  });

  it('refuses an unknown component with its line and column in the document', () => {
    const issues = issuesOf('Intro.\n\nSome text <Video src="x"/> here.\n');
    expect(issues).toEqual([
      expect.objectContaining({ field: '(body)', line: BODY_LINE + 2, column: 11, message: expect.stringContaining('Unknown component <Video>') }),
    ]);
    expect(issues[0].message).toContain('<Lab>');
  });

  it('refuses JavaScript: expressions, imports, exports, expression and spread attributes', () => {
    const body = ['import x from "y"', '', 'Total: {1 + 1}', '', '<Lab id={x}/>', '', '<Callout {...props}>a</Callout>', '', 'export const a = 1'].join('\n');
    const issues = issuesOf(body);
    expect(issues.map((i) => [i.line - BODY_LINE + 1, i.column])).toEqual([
      [1, 1],
      [3, 8],
      [5, 6],
      [7, 10],
      [9, 1],
    ]);
    expect(issues[0].message).toMatch(/import and export/);
    expect(issues[1].message).toMatch(/expressions/);
    expect(issues[2].message).toMatch(/attribute "id"/);
    expect(issues[3].message).toMatch(/spread/);
  });

  it('reports MDX syntax errors at their line and column (e.g. markdown that is not MDX)', () => {
    const issues = issuesOf('Line one.\n\nIf a<b then.\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: BODY_LINE + 2, column: 12 }); // the tag <b then. breaks at the '.'
    expect(issues[0].message).toMatch(/^MDX syntax error/);
    expect(issuesOf('a\n\n<!-- note -->\n')[0].message).toMatch(/HTML comments are not MDX/);
  });

  it('checks component attributes and nesting', () => {
    expect(mdxBodyIssues('<Callout type="danger">x</Callout>')[0].message).toMatch(/"note", "tip", "warning"/);
    expect(mdxBodyIssues('<Lab/>')[0].message).toMatch(/needs the attribute id/);
    expect(mdxBodyIssues('<Lab id="a" size="2"/>')[0].message).toMatch(/no attribute "size"/);
    expect(mdxBodyIssues('<Layer>x</Layer>')[0].message).toMatch(/only allowed directly inside <LayerStack>/);
    expect(mdxBodyIssues('<Quiz question="q">\n  <Choice explanation="a">A</Choice>\n  <Choice explanation="b">B</Choice>\n</Quiz>')[0].message).toMatch(/marked correct/);
    expect(mdxBodyIssues('<LayerStack>\n  <Callout>x</Callout>\n</LayerStack>').map((i) => i.message).join('\n')).toMatch(/may only contain <Layer>/);
    expect(mdxBodyIssues('<script>alert(1)</script>')[0].message).toMatch(/HTML element <script> is not allowed/);
    expect(mdxBodyIssues('Text <Callout>x</Callout> more')[0].message).toMatch(/own lines/);
    expect(mdxBodyIssues('<kbd>Ctrl</kbd> and <br/>')).toEqual([]);
  });

  it('leaves md documents alone: the seed-style markdown is not parsed as MDX', () => {
    const md = FM.replace('format: "mdx"\n', '') + 'a<b and <!-- c --> and {x}\n';
    expect(parseLessonDocument(md).format).toBe('md');
  });
});
