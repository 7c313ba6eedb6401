import { useState } from 'react';
import { downloadFile } from '../download-file.js';
import { useI18n } from '../i18n.js';
import { ErrorNotice } from './status-message.js';

/** The customer's case file (ZIP) in one click: what an agency or a court works from. */
export function DossierCard({ customerPath }: { customerPath: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  const download = async () => {
    setBusy(true);
    setSaved(null);
    setFailure(null);
    try {
      setSaved(await downloadFile(`${customerPath}/dossier`, 'dossier.zip'));
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="dossier-title" data-testid="dossier-card">
      <h2 id="dossier-title">{t('dossier.title')}</h2>
      <p className="muted">{t('dossier.help')}</p>
      <button type="button" className="button button-secondary" disabled={busy} onClick={() => void download()} data-testid="dossier-download">
        {busy ? t('dossier.downloading') : t('dossier.download')}
      </button>
      {saved ? (
        <p className="notice notice-info" role="status">
          {t('dossier.done', { fileName: saved })}
        </p>
      ) : null}
      {failure ? <ErrorNotice error={failure} /> : null}
    </section>
  );
}
