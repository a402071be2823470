'use client';

import { useEffect } from 'react';

const PREFIX = 'user-content-';

/**
 * Lesson ids are prefixed (`user-content-…`, see lib/content/render.ts) so author content cannot
 * clobber globals; links from elsewhere (lab reports, old bookmarks) use the bare fragment
 * (`#실습-캐시-최적화-비교-실험`). On load and on every hash change, scroll to the prefixed element
 * when the bare one does not exist. Renders nothing.
 */
export function HashTarget() {
  useEffect(() => {
    const go = () => {
      let frag = window.location.hash.slice(1);
      if (!frag) return;
      try {
        frag = decodeURIComponent(frag);
      } catch {
        // keep as written
      }
      if (document.getElementById(frag)) return;
      const target = document.getElementById(PREFIX + frag);
      if (target) {
        target.scrollIntoView();
        target.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
      }
    };
    go();
    window.addEventListener('hashchange', go);
    return () => window.removeEventListener('hashchange', go);
  }, []);
  return null;
}
