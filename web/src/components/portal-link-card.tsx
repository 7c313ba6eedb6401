import { useState } from 'react';
import '../portal-links.css';
import { apiDelete, apiPost } from '../api-client.js';
import type { PlainDate, Session } from '../api-types.js';
import { formatDateInWords } from '../format.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';
import { ErrorNotice } from './status-message.js';

interface CreatedLink {
  url: string;
  expires_at: string;
}

type Outcome = { kind: 'created'; link: CreatedLink; copied: boolean } | { kind: 'revoked'; count: number };

/**
 * The customer's debtor page: a new link made, shown and copied at a click, or every link
 * revoked after a confirmation. For the people who act on the ledger (administrators and
 * collectors); others see nothing.
 */
export function PortalLinkCard({ customerPath }: { customerPath: string }) {
  const { t, tn, locale } = useI18n();
  const me = useApi<Session>('/api/me');
  const [busy, setBusy] = useState<'create' | 'revoke' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const role = me.data?.user?.role;
  if (role !== 'admin' && role !== 'collector') return null;

  const act = async (what: 'create' | 'revoke', work: () => Promise<Outcome>) => {
    setBusy(what);
    setFailure(null);
    setOutcome(null);
    try {
      setOutcome(await work());
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(null);
    }
  };

  const create = () =>
    act('create', async () => {
      const link = await apiPost<CreatedLink>(`${customerPath}/portal-links`, {});
      let copied = false;
      try {
        await navigator.clipboard.writeText(link.url);
        copied = true;
      } catch {
        // Clipboards need a secure page and the person's leave: the link stays shown to copy by hand.
      }
      return { kind: 'created', link, copied };
    });

  const revoke = () => {
    if (!window.confirm(t('portalLinks.revokeConfirm'))) return;
    void act('revoke', async () => {
      const { revoked } = await apiDelete<{ revoked: number }>(`${customerPath}/portal-links`);
      return { kind: 'revoked', count: revoked };
    });
  };

  const until = outcome?.kind === 'created' ? formatDateInWords(outcome.link.expires_at.slice(0, 10) as PlainDate, locale) : '';
  return (
    <section className="panel" aria-labelledby="portal-links-title" data-testid="portal-links">
      <h2 id="portal-links-title">{t('portalLinks.title')}</h2>
      <p className="muted">{t('portalLinks.help')}</p>
      <div className="portal-link-actions">
        <button type="button" className="button button-primary button-small" disabled={busy !== null} onClick={() => void create()}>
          {busy === 'create' ? t('portalLinks.creating') : t('portalLinks.create')}
        </button>
        <button type="button" className="button button-secondary button-small" disabled={busy !== null} onClick={revoke}>
          {busy === 'revoke' ? t('portalLinks.revoking') : t('portalLinks.revoke')}
        </button>
      </div>
      {outcome?.kind === 'created' ? (
        <>
          <label htmlFor="portal-link-url">{t('portalLinks.linkLabel')}</label>
          <input id="portal-link-url" className="portal-link-url" type="text" readOnly value={outcome.link.url} onFocus={(event) => event.target.select()} data-testid="portal-link-url" />
          <p className="notice notice-info" role="status">
            {outcome.copied ? t('portalLinks.copied', { date: until }) : t('portalLinks.copyByHand', { date: until })}
          </p>
        </>
      ) : null}
      {outcome?.kind === 'revoked' ? (
        <p className="notice notice-info" role="status">
          {outcome.count === 0 ? t('portalLinks.noneToRevoke') : tn('portalLinks.revoked', outcome.count)}
        </p>
      ) : null}
      {failure ? <ErrorNotice error={failure} /> : null}
    </section>
  );
}
