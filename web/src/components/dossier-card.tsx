import { useState } from 'react';
import type { Problem } from '../api-types.js';
import { useI18n } from '../i18n.js';

/** The file name the server gave in Content-Disposition, or a plain one. */
function fileNameOf(response: Response): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? 'dossier.zip';
}

/**
 * The customer's case file (ZIP) in one click. Fetched rather than linked, so a refusal says
 * so in a sentence here instead of saving an error as a file.
 */
export function DossierCard({ customerPath }: { customerPath: string }) {
  const { t, language } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);

  const download = async () => {
    setBusy(true);
    setResult(null);
    try {
      const response = await fetch(`${customerPath}/dossier`, { credentials: 'same-origin' });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as Problem;
        setResult({ kind: 'error', text: problem.localized_detail?.[language] ?? t(response.status === 404 ? 'error.notFound' : 'error.server') });
        return;
      }
      const fileName = fileNameOf(response);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      URL.revokeObjectURL(url);
      setResult({ kind: 'done', text: t('dossier.done', { fileName }) });
    } catch {
      setResult({ kind: 'error', text: t('error.network') });
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
      {result ? (
        <p className={`notice ${result.kind === 'done' ? 'notice-info' : 'notice-error'}`} role={result.kind === 'done' ? 'status' : 'alert'}>
          {result.text}
        </p>
      ) : null}
    </section>
  );
}
