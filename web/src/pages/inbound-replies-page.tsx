import { useState, type FormEvent } from 'react';
import '../inbound-replies.css';
import { apiGet, apiPost, apiPut, withQuery } from '../api-client.js';
import type { Session } from '../api-types.js';
import { FormField } from '../components/form-field.js';
import { InboundMessageItem, type InboundMessage, type InboundPage } from '../components/inbound-replies.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { useI18n } from '../i18n.js';
import { problemSentence } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

/**
 * Replies by email across the organization: where they arrive (administrators set the address)
 * and the emails no customer was found for, each attached by hand to its customer.
 */
export function InboundRepliesPage() {
  const { t, tn } = useI18n();
  useDocumentTitle(t('inboundPage.title'));
  const me = useApi<Session>('/api/me');
  const unmatched = useApi<InboundPage>(withQuery('/api/inbound-messages', { status: 'unmatched', limit: 50 }));
  const role = me.data?.user?.role;
  const mayAttach = role === 'admin' || role === 'collector';
  const items = unmatched.data?.items ?? [];
  return (
    <main id="main" className="page">
      <h1>{t('inboundPage.title')}</h1>
      <p className="muted">{t('inboundPage.help')}</p>
      <InboundAddress isAdmin={role === 'admin'} />
      <section className="panel" aria-labelledby="unmatched-title" data-testid="unmatched-replies">
        <h2 id="unmatched-title">{t('inboundPage.unmatched')}</h2>
        <p className="muted">{t('inboundPage.unmatchedHelp')}</p>
        {unmatched.state === 'failed' ? <ErrorNotice error={unmatched.error} onRetry={unmatched.reload} /> : null}
        {unmatched.state === 'loading' && !unmatched.data ? <Loading /> : null}
        {unmatched.state === 'ready' && items.length === 0 ? <p>{t('inboundPage.noneUnmatched')}</p> : null}
        <ul className="inbound-list">
          {items.map((message) => (
            <InboundMessageItem key={message.id} message={message}>
              {mayAttach ? <AttachForm message={message} onAttached={unmatched.reload} /> : null}
            </InboundMessageItem>
          ))}
        </ul>
        {unmatched.data && unmatched.data.total > items.length ? <p className="muted">{tn('inbound.more', unmatched.data.total - items.length)}</p> : null}
      </section>
    </main>
  );
}

function InboundAddress({ isAdmin }: { isAdmin: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const settings = useApi<{ address: string | null }>('/api/inbound-settings');
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const address = settings.data?.address ?? null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const value = (draft ?? address ?? '').trim();
    setBusy(true);
    setFailure(null);
    setSaved(false);
    try {
      await apiPut('/api/inbound-settings', { address: value === '' ? null : value });
      setDraft(null);
      setSaved(true);
      settings.reload();
    } catch (error) {
      setFailure(error instanceof Error ? (problemSentence(error, i18n)?.text ?? t('error.server')) : t('error.server'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="inbound-address-title" data-testid="inbound-address">
      <h2 id="inbound-address-title">{t('inboundPage.address')}</h2>
      {settings.state === 'failed' ? <ErrorNotice error={settings.error} onRetry={settings.reload} /> : null}
      {settings.data ? <p>{address ? t('inboundPage.addressIs', { address }) : t('inboundPage.noAddress')}</p> : null}
      {isAdmin && settings.data ? (
        <form onSubmit={save} noValidate>
          <FormField id="inbound-address-field" label={t('inboundPage.addressLabel')} help={t('inboundPage.addressHelp')} errors={failure ? [failure] : []}>
            <input id="inbound-address-field" type="email" maxLength={320} value={draft ?? address ?? ''} onChange={(event) => setDraft(event.target.value)} />
          </FormField>
          {saved ? (
            <p className="notice notice-info" role="status">
              {t('inboundPage.addressSaved')}
            </p>
          ) : null}
          <button type="submit" className="button button-primary button-small" disabled={busy}>
            {busy ? t('inboundPage.saving') : t('inboundPage.save')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

interface CustomerMatch {
  id: string;
  reference: string;
  name: string;
}

/** Attaches an email to the customer whose reference is typed (or the one customer a search finds). */
function AttachForm({ message, onAttached }: { message: InboundMessage; onAttached: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const id = `attach-${message.id}`;

  const attach = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = reference.trim();
    if (wanted === '') return setFailure(t('inboundPage.referenceRequired'));
    setBusy(true);
    setFailure(null);
    try {
      const found = await apiGet<{ items: CustomerMatch[] }>(withQuery('/api/customers', { search: wanted, limit: 5 }));
      const exact = found.items.filter((customer) => customer.reference.toLowerCase() === wanted.toLowerCase());
      const customer = exact.length === 1 ? exact[0] : found.items.length === 1 ? found.items[0] : undefined;
      if (!customer) {
        setFailure(found.items.length === 0 ? t('inboundPage.noCustomer') : t('inboundPage.severalCustomers'));
        return;
      }
      await apiPost(`/api/inbound-messages/${encodeURIComponent(message.id)}/attach`, { customer_id: customer.id });
      onAttached();
    } catch (error) {
      setFailure(error instanceof Error ? (problemSentence(error, i18n)?.text ?? t('error.server')) : t('error.server'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inbound-answer" onSubmit={attach} noValidate>
      <FormField id={id} label={t('inboundPage.customerLabel')} help={t('inboundPage.customerHelp')} errors={failure ? [failure] : []}>
        <input id={id} type="text" maxLength={200} value={reference} onChange={(event) => setReference(event.target.value)} />
      </FormField>
      <button type="submit" className="button button-primary button-small" disabled={busy}>
        {busy ? t('inboundPage.attaching') : t('inboundPage.attach')}
      </button>
    </form>
  );
}
