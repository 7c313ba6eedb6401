import { useState, type FormEvent } from 'react';
import { ApiError, apiPost } from '../api-client.js';
import type { PlainDate, Session } from '../api-types.js';
import { formatDate } from '../format.js';
import { formatTimestamp } from '../format-timestamp.js';
import { FormField } from './form-field.js';
import { useI18n } from '../i18n.js';
import { fieldErrorSentence, statusLabel } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { ErrorNotice, Loading } from './status-message.js';

export const CONTACT_CHANNELS = ['call', 'email', 'letter', 'meeting', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** One line of `GET /api/customers/:id/contact-log`. */
export interface LoggedContact {
  id: string;
  occurred_on: PlainDate;
  channel: ContactChannel;
  note: string;
  author_user_id: string | null;
  created_at: string;
}

interface UserName {
  id: string;
  name: string;
}

/** Today in the organization's time zone, the day the server judges "the future" by. */
export function todayInZone(timeZone: string | undefined): PlainDate {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }
}

/**
 * Calls, hand-written emails, letters and meetings that happened outside Relance. Logging them
 * keeps the run from writing again too soon, and lets a formal notice count and cite them.
 * Viewers read the list; the others may log (a sales user only sees, hence logs on, own accounts).
 */
export function ContactLogCard({ customerPath, onLogged }: { customerPath: string; onLogged?: () => void }) {
  const { t, locale } = useI18n();
  const path = `${customerPath}/contact-log`;
  const contacts = useApi<{ items: LoggedContact[] }>(path);
  const me = useApi<Session>('/api/me');
  const users = useApi<{ items: UserName[] }>('/api/users');
  const role = me.data?.user?.role;
  const canLog = role === 'admin' || role === 'collector' || role === 'sales';
  const names = new Map((users.data?.items ?? []).map((user) => [user.id, user.name]));
  const today = todayInZone(me.data?.organization?.time_zone);
  const items = contacts.data?.items ?? [];

  return (
    <section className="panel" aria-labelledby="contact-log-title" data-testid="contact-log">
      <h2 id="contact-log-title">{t('contactLog.title')}</h2>
      <p className="muted">{t('contactLog.intro')}</p>
      {canLog ? <ContactLogForm path={path} today={today} onLogged={() => { contacts.reload(); onLogged?.(); }} /> : null}
      {me.data && !canLog ? <p className="muted">{t('contactLog.readOnly')}</p> : null}
      <h3 className="subheading">{t('contactLog.list')}</h3>
      {contacts.state === 'failed' ? <ErrorNotice error={contacts.error} onRetry={contacts.reload} /> : null}
      {contacts.state === 'loading' && !contacts.data ? <Loading /> : null}
      {contacts.data && items.length === 0 ? <p className="muted">{t('contactLog.empty')}</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="contact-log-list">
            <thead>
              <tr>
                <th scope="col">{t('contactLog.on')}</th>
                <th scope="col">{t('contactLog.channel')}</th>
                <th scope="col">{t('contactLog.note')}</th>
                <th scope="col">{t('contactLog.by')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((contact) => (
                <tr key={contact.id} data-testid="contact-log-row">
                  <td>{formatDate(contact.occurred_on, locale)}</td>
                  <td>{statusLabel('contactChannel', contact.channel, t)}</td>
                  <td className="contact-log-note">{contact.note}</td>
                  <td title={formatTimestamp(contact.created_at, locale)}>{(contact.author_user_id && names.get(contact.author_user_id)) ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ContactLogForm({ path, today, onLogged }: { path: string; today: PlainDate; onLogged(): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [channel, setChannel] = useState<ContactChannel>('call');
  // Empty means today: the field shows it, and a page left open past midnight still logs the right day.
  const [on, setOn] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const [local, setLocal] = useState<{ field: 'on' | 'note'; message: string } | null>(null);
  const [logged, setLogged] = useState<string | null>(null);
  const day = on || today;

  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const errorOf = (field: 'channel' | 'on' | 'note') => [
    ...(local?.field === field ? [local.message] : []),
    ...fieldErrors.filter((error) => error.field === field).map((error) => fieldErrorSentence(error, i18n)),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLogged(null);
    setFailure(null);
    if (day > today) return setLocal({ field: 'on', message: t('contactLog.future') });
    if (note.trim() === '') return setLocal({ field: 'note', message: t('contactLog.noteRequired') });
    setLocal(null);
    setBusy(true);
    try {
      const row = await apiPost<LoggedContact>(path, { channel, on: day, note: note.trim() });
      setLogged(t('contactLog.logged', { date: formatDate(row.occurred_on, locale) }));
      setNote('');
      setOn('');
      onLogged();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="contact-log-form" onSubmit={submit} noValidate aria-labelledby="contact-log-form-title">
      <h3 id="contact-log-form-title" className="subheading">
        {t('contactLog.form')}
      </h3>
      <div className="contact-log-fields">
        <FormField id="contact-channel" label={t('contactLog.channel')} errors={errorOf('channel')}>
          <select id="contact-channel" value={channel} onChange={(event) => setChannel(event.target.value as ContactChannel)}>
            {CONTACT_CHANNELS.map((value) => (
              <option key={value} value={value}>
                {t(`contactLog.channel.${value}`)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="contact-on" label={t('contactLog.on')} help={t('contactLog.onHelp')} errors={errorOf('on')}>
          <input id="contact-on" type="date" max={today} required value={day} onChange={(event) => {
              setOn(event.target.value);
              if (local?.field === 'on') setLocal(null);
            }} />
        </FormField>
      </div>
      <FormField id="contact-note" label={t('contactLog.note')} help={t('contactLog.noteHelp')} errors={errorOf('note')}>
        <textarea id="contact-note" rows={3} maxLength={2000} required value={note} onChange={(event) => {
            setNote(event.target.value);
            if (local?.field === 'note') setLocal(null);
          }} />
      </FormField>
      {failure && fieldErrors.length === 0 ? <ErrorNotice error={failure} /> : null}
      {failure && fieldErrors.length > 0 ? (
        <p className="notice notice-error" role="alert">
          {t('contactLog.fixFields')}
        </p>
      ) : null}
      {logged ? (
        <p className="notice notice-info" role="status">
          {logged}
        </p>
      ) : null}
      <button type="submit" className="button button-primary button-small" disabled={busy}>
        {t('contactLog.submit')}
      </button>
    </form>
  );
}
