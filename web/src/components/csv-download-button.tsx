import { useI18n } from '../i18n.js';
import { useFileDownload } from '../use-file-download.js';
import { ErrorNotice } from './status-message.js';

/** A report's CSV file in one click, saved under the name the server gives; a refusal is said in words. */
export function CsvDownloadButton({ path, fallbackName, testId }: { path: string; fallbackName: string; testId?: string }) {
  const { t } = useI18n();
  const { busy, saved, failure, start } = useFileDownload(path, fallbackName);
  return (
    <div className="csv-download">
      <button type="button" className="button button-secondary button-small" disabled={busy} onClick={start} data-testid={testId}>
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
