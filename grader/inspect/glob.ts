/** Glob matching of image paths (pure), used by the checks that look for paths in layers. */

/**
 * A path glob for image paths: `*` and `?` stay within a segment, `**` crosses segments, `[...]` is a
 * class. A pattern without a leading `/` matches at any depth. A match on a directory covers what is
 * under it (`/var/cache/apk` matches `/var/cache/apk/APKINDEX.tar.gz`).
 */
export function pathGlob(pattern: string): (p: string) => boolean {
  const pat = pattern.startsWith('/') ? pattern.replace(/\/+$/, '') || '/' : `**/${pattern.replace(/\/+$/, '')}`;
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '*' && pat[i + 1] === '*') {
      i++;
      if (pat[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pat.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = pat.slice(i + 1, end);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const rx = new RegExp(`^${pat.startsWith('**/') ? '/?' : ''}${re}(?:/.*)?$`);
  return (p: string) => rx.test(p);
}
