import { useCallback, useEffect, useState } from 'react';
import { apiGet } from './api-client.js';

export type Loadable<T> =
  | { state: 'loading'; data: T | null }
  | { state: 'ready'; data: T }
  | { state: 'failed'; error: Error; data: T | null };

/**
 * GETs a path and re-fetches when it changes. Keeps the previous data while the next page
 * loads, so tables do not flash empty between two searches. `null` fetches nothing.
 */
export function useApi<T>(path: string | null): Loadable<T> & { reload(): void } {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading', data: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setResult((previous) => ({ state: 'loading', data: previous.data }));
    apiGet<T>(path, controller.signal).then(
      (data) => setResult({ state: 'ready', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult((previous) => ({
          state: 'failed',
          error: error instanceof Error ? error : new Error(String(error)),
          data: previous.data,
        }));
      },
    );
    return () => controller.abort();
  }, [path, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...result, reload };
}
