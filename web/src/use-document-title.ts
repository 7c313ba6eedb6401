import { useEffect } from 'react';

/** Names the browser tab after the page, which is also what screen readers announce on arrival. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Relance` : 'Relance';
  }, [title]);
}
