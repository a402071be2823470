/**
 * The .dockerignore table (issue 7 item 5): each case is a context (files, optionally empty folders)
 * and a .dockerignore; `sent` is what Debian's docker.io 20.10.24 client (`DOCKER_BUILDKIT=0 docker
 * build`) really sent, as the engine saw it: every file, and every folder that reached the engine
 * empty (with a trailing `/`), sorted; the Dockerfile and .dockerignore are left out of `sent`
 * (the client always sends them; the engine hides them from COPY when .dockerignore lists them).
 * Recorded by running that client over this table against the sandbox engine (Dockerfile
 * `FROM layerlab/busybox` + `COPY . /ctx` + `RUN find /ctx`, network none);
 * tests/integration/dockerignore-client.test.ts runs it again, and dockerignore.test.ts checks the
 * grader's packing against the same `sent`.
 */
import { selectContext } from '../../lib/dockerfile/dockerignore';

export interface DockerignoreCase {
  name: string;
  dockerignore: string;
  files: string[];
  emptyDirs?: string[];
  /** What the real client sent (see above). */
  sent: string[];
  /** Lines of the .dockerignore the grader must point at (notes), if any. */
  notes?: number[];
}

const APP = ['package.json', 'src/app.js', 'src/lib/util.js', 'README.md'];

export const DOCKERIGNORE_CASES: DockerignoreCase[] = [
  {
    name: 'excluded folder, a file re-included inside it',
    dockerignore: 'node_modules\n!node_modules/keep.js\n',
    files: [...APP, 'node_modules/a.js', 'node_modules/keep.js', 'node_modules/sub/b.js'],
    sent: ['README.md', 'node_modules/keep.js', 'package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: 'excluded folder, a file re-included with **',
    dockerignore: 'node_modules\n!**/keep.js\n',
    files: [...APP, 'node_modules/a.js', 'node_modules/keep.js', 'src/keep.js'],
    sent: ['README.md', 'package.json', 'src/app.js', 'src/keep.js', 'src/lib/util.js'],
  },
  {
    name: 'excluded deep folder, re-included folder inside it',
    dockerignore: 'build\n!build/public\n',
    files: [...APP, 'build/tmp/x.o', 'build/public/index.html', 'build/public/css/a.css'],
    sent: ['README.md', 'build/public/css/a.css', 'build/public/index.html', 'package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: '** at the root excludes everything',
    dockerignore: '**\n',
    files: [...APP, 'a/b/c.txt'],
    sent: [],
  },
  {
    name: '** then exceptions: an allow-list',
    dockerignore: '**\n!package.json\n!src/**\n',
    files: [...APP, 'node_modules/x.js', '.env'],
    sent: ['package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: '**/name matches at any depth',
    dockerignore: '**/*.log\n**/node_modules\n',
    files: [...APP, 'app.log', 'logs/a.log', 'a/b/c/d.log', 'node_modules/x.js', 'packages/p/node_modules/y.js'],
    sent: ['README.md', 'a/b/c/', 'logs/', 'package.json', 'packages/p/', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: '**/node_modules with a re-included file (the parent-folder rule)',
    dockerignore: '**/node_modules\n!node_modules/keep.js\n',
    files: [...APP, 'node_modules/a.js', 'node_modules/keep.js', 'node_modules/sub/b.js'],
    sent: ['README.md', 'node_modules/a.js', 'node_modules/keep.js', 'node_modules/sub/b.js', 'package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: '! ordering: the last matching line wins',
    dockerignore: '*.md\n!README*.md\nREADME-secret.md\n',
    files: ['a.md', 'README.md', 'README-x.md', 'README-secret.md', 'docs/b.md'],
    sent: ['README-x.md', 'README.md', 'docs/b.md'],
  },
  {
    name: '! ordering reversed: the middle line has no effect',
    dockerignore: '*.md\nREADME-secret.md\n!README*.md\n',
    files: ['a.md', 'README.md', 'README-x.md', 'README-secret.md'],
    sent: ['README-secret.md', 'README-x.md', 'README.md'],
  },
  {
    name: '* then !src: allow-list by folder',
    dockerignore: '*\n!src\n!package.json\n',
    files: [...APP, '.env', 'node_modules/x.js'],
    sent: ['package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: '* then !*.js: nested .js files stay out',
    dockerignore: '*\n!*.js\n',
    files: ['a.js', 'b.txt', 'src/c.js'],
    sent: ['a.js'],
  },
  {
    name: 'empty folders; a folder emptied by logs/* is still sent',
    dockerignore: 'logs/*\nignored-empty\n',
    files: [...APP, 'logs/a.log', 'logs/b.log'],
    emptyDirs: ['empty', 'ignored-empty', 'src/empty'],
    sent: ['README.md', 'empty/', 'logs/', 'package.json', 'src/app.js', 'src/empty/', 'src/lib/util.js'],
  },
  {
    name: 'trailing / (folders and files alike)',
    dockerignore: 'coverage/\napp.log/\n',
    files: [...APP, 'coverage/index.html', 'coverage/x/y.html', 'app.log', 'coverage.txt'],
    sent: ['README.md', 'coverage.txt', 'package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: 'leading / and ./ and paths to clean',
    dockerignore: '/logs\n./coverage\nsrc/../.env\n./src/lib/\n//tmp//x\n',
    files: [...APP, 'logs/a.log', 'coverage/i.html', '.env', 'tmp/x', 'tmp/y', 'a/logs/b.log'],
    sent: ['README.md', 'a/logs/b.log', 'package.json', 'src/app.js', 'tmp/y'],
  },
  {
    name: 'comments: only a first-character # is one',
    dockerignore: '# a comment\nnode_modules   # deps\n  # indented\n.env\n',
    files: [...APP, 'node_modules/x.js', '.env', '# a comment', '# indented'],
    sent: ['# a comment', 'README.md', 'node_modules/x.js', 'package.json', 'src/app.js', 'src/lib/util.js'],
    notes: [2, 3],
  },
  {
    name: 'blank lines and blanks around patterns',
    dockerignore: '\n   \n\tlogs\t\n  .env  \n\n',
    files: [...APP, 'logs/a.log', '.env'],
    sent: ['README.md', 'package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: 'CRLF line endings',
    dockerignore: 'logs\r\n.env\r\n# c\r\n',
    files: [...APP, 'logs/a.log', '.env'],
    sent: ['README.md', 'package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: 'a UTF-8 BOM before the first pattern',
    dockerignore: '\uFEFFlogs\n.env\n',
    files: [...APP, 'logs/a.log', '.env'],
    sent: ['README.md', 'package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: 'single-level wildcards: */temp*, temp?, [ab].txt',
    dockerignore: '*/temp*\ntemp?\n[ab].txt\n',
    files: ['somedir/temporary.txt', 'somedir/temp/x', 'temp', 'tempa', 'temporary.txt', 'a/b/temp.txt', 'a.txt', 'b.txt', 'c.txt'],
    sent: ['a/b/temp.txt', 'c.txt', 'somedir/', 'temp', 'temporary.txt'],
  },
  {
    name: 'escaped # and spaces after !',
    dockerignore: '\\#notes.txt\nlogs\n!   logs/keep.log\n',
    files: [...APP, '#notes.txt', 'logs/a.log', 'logs/keep.log'],
    sent: ['README.md', 'logs/keep.log', 'package.json', 'src/app.js', 'src/lib/util.js'],
  },
  {
    name: 'the Dockerfile and .dockerignore excluded',
    dockerignore: 'Dockerfile\n.dockerignore\n*.md\n',
    files: [...APP],
    sent: ['package.json', 'src/app.js', 'src/lib/util.js'],
  },
];

/** The grader's packing of a case, in the form of `sent` (files, folders that arrive empty with `/`). */
export function graderSends(c: Pick<DockerignoreCase, 'dockerignore' | 'files' | 'emptyDirs'>): string[] {
  const sel = selectContext([...c.files, 'Dockerfile', '.dockerignore'], c.dockerignore, { emptyDirs: c.emptyDirs });
  const all = [...sel.files, ...sel.dirs];
  const empty = sel.dirs.filter((d) => !all.some((p) => p.startsWith(`${d}/`)));
  return [...sel.files.filter((f) => f !== 'Dockerfile' && f !== '.dockerignore'), ...empty.map((d) => `${d}/`)].sort();
}
