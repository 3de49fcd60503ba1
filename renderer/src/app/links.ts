import { useEffect } from 'react';
import { openExternal } from './commands';

/**
 * The page never navigates: web and mail links open in the OS browser through the core,
 * and any other link is swallowed. One capture listener covers every link the app renders.
 */
export function useExternalLinks(): void {
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const target = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(target instanceof HTMLAnchorElement)) return;
      const href = target.getAttribute('href') ?? '';
      if (href.startsWith('#')) return;
      e.preventDefault();
      if (/^(https?:|mailto:)/i.test(href)) void openExternal(target.href);
    };
    document.addEventListener('click', onClick, true);
    // Middle clicks open new windows unless stopped too.
    document.addEventListener('auxclick', onClick, true);
    return () => {
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('auxclick', onClick, true);
    };
  }, []);
}
