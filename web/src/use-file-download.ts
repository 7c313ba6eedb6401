import { useState } from 'react';
import { downloadFile } from './download-file.js';

/** A download a button starts: whether it runs, the name it was saved under, or why it was refused. */
export function useFileDownload(path: string, fallbackName: string): { busy: boolean; saved: string | null; failure: Error | null; start(): void } {
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const start = () => {
    setBusy(true);
    setSaved(null);
    setFailure(null);
    downloadFile(path, fallbackName)
      .then(setSaved, (error: unknown) => setFailure(error instanceof Error ? error : new Error(String(error))))
      .finally(() => setBusy(false));
  };
  return { busy, saved, failure, start };
}
