import { useState } from 'react';
import { downloadFile } from '../download-file.js';
import { useI18n } from '../i18n.js';
import { ErrorNotice } from './status-message.js';

/** A report's CSV file in one click, saved under the name the server gives; a refusal is said in words. */
export function CsvDownloadButton({ path, fallbackName, testId }: { path: string; fallbackName: string; testId?: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  const download = async () => {
    setBusy(true);
    setSaved(null);
    setFailure(null);
    try {
      setSaved(await downloadFile(path, fallbackName));
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="csv-download">
      <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void download()} data-testid={testId}>
        {busy ? t('handoffReports.downloading') : t('handoffReports.download')}
      </button>
      {saved ? (
        <p className="notice notice-info" role="status">
          {t('handoffReports.downloaded', { fileName: saved })}
        </p>
      ) : null}
      {failure ? <ErrorNotice error={failure} /> : null}
    </div>
  );
}
