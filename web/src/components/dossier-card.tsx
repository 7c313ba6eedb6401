import { useI18n } from '../i18n.js';
import { useFileDownload } from '../use-file-download.js';
import { ErrorNotice } from './status-message.js';

/** The customer's case file (ZIP) in one click: what an agency or a court works from. */
export function DossierCard({ customerPath }: { customerPath: string }) {
  const { t } = useI18n();
  const { busy, saved, failure, start } = useFileDownload(`${customerPath}/dossier`, 'dossier.zip');

  return (
    <section className="panel" aria-labelledby="dossier-title" data-testid="dossier-card">
      <h2 id="dossier-title">{t('dossier.title')}</h2>
      <p className="muted">{t('dossier.help')}</p>
      <button type="button" className="button button-secondary" disabled={busy} onClick={start} data-testid="dossier-download">
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
