import '../agency.css';
import { useEffect } from 'react';
import type { AgencyCaseDetail } from '../components/agency-case-types.js';
import { AGENCY_CASE_CHANGED_EVENT, AgencyMessageForm } from '../components/agency-message-form.js';
import { AgencyPaymentForm } from '../components/agency-payment-form.js';
import { FigureCard } from '../components/figure-card.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate, formatDateInWords, formatMoney, formatNumber, isPositive } from '../format.js';
import { translateOptional, useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

/** One case the agency holds: who handed it, the customer and how to reach them, what is owed, the terms, and what happened. */
export function AgencyCasePage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const detail = useApi<AgencyCaseDetail>(`/api/agency/cases/${encodeURIComponent(caseId)}`);
  const { reload } = detail;
  useDocumentTitle(detail.data?.customer.name ?? t('agency.cases.title'));
  useEffect(() => {
    window.addEventListener(AGENCY_CASE_CHANGED_EVENT, reload);
    return () => window.removeEventListener(AGENCY_CASE_CHANGED_EVENT, reload);
  }, [reload]);
  const data = detail.data;
  return (
    <main id="main" className="page">
      <p>
        <Link to="/cases">{t('agency.case.back')}</Link>
      </p>
      {detail.state === 'failed' ? <ErrorNotice error={detail.error} onRetry={reload} /> : null}
      {detail.state === 'loading' && !data ? <Loading /> : null}
      {data ? (
        <>
          <CaseHeader agencyCase={data} />
          <CaseTerms agencyCase={data} />
          <CaseContacts agencyCase={data} />
          <CaseInvoices agencyCase={data} />
          <AgencyPaymentForm agencyCase={data} today={data.as_of} onRecorded={reload} />
          <AgencyMessageForm caseId={data.id} />
          <CaseMessages agencyCase={data} />
          <CasePayments agencyCase={data} />
          <CaseTimeline agencyCase={data} />
        </>
      ) : null}
    </main>
  );
}

function CaseHeader({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, tn, locale } = useI18n();
  return (
    <section className="customer-header" aria-labelledby="agency-case-customer">
      <div className="customer-title">
        <h1 id="agency-case-customer">{agencyCase.customer.name}</h1>
        <p className="muted">
          <span className="reference">{agencyCase.customer.external_ref}</span>{' '}
          <span data-testid="agency-case-creditor">{t('agency.case.from', { creditor: agencyCase.creditor.name, date: formatDateInWords(agencyCase.starts_on, locale) })}</span>
        </p>
      </div>
      <dl className="figures">
        <FigureCard testId="agency-case-handed" label={t('agency.case.handed')} value={formatMoney(agencyCase.handed, locale)} note={tn('agency.case.handedNote', agencyCase.overdue_days_at_handoff)} />
        <FigureCard
          testId="agency-case-recovered"
          label={t('agency.case.recovered')}
          value={formatMoney(agencyCase.recovered, locale)}
          note={t('agency.case.recoveredNote', { rate: formatNumber(Number(agencyCase.recovery_rate_percent), locale, 2) })}
        />
        <FigureCard
          testId="agency-case-outstanding"
          label={t('agency.case.outstanding')}
          value={formatMoney(agencyCase.outstanding, locale)}
          note={t('agency.case.balance', { amount: formatMoney(agencyCase.balance, locale) })}
          tone={isPositive(agencyCase.outstanding) ? 'warning' : 'neutral'}
        />
        <FigureCard testId="agency-case-fee" label={t('agency.case.fee')} value={formatMoney(agencyCase.fee, locale)} />
      </dl>
    </section>
  );
}

function CaseTerms({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, locale } = useI18n();
  const creditor = agencyCase.creditor.name;
  const percent = formatNumber(Number(agencyCase.fee_percent), locale, 2);
  return (
    <section className="panel" aria-labelledby="agency-case-terms" data-testid="agency-case-terms">
      <h2 id="agency-case-terms">{t('agency.case.terms')}</h2>
      <p>{agencyCase.acting_as === 'agency' ? t('agency.case.actingAsAgency', { creditor }) : t('agency.case.actingAsCreditor', { creditor })}</p>
      <p>{isPositive(agencyCase.fee_fixed) ? t('agency.case.feeTerms', { percent, fixed: formatMoney(agencyCase.fee_fixed, locale) }) : t('agency.case.feeTermsNoFixed', { percent })}</p>
      <p>{agencyCase.ends_on ? t('agency.case.endsOn', { date: formatDateInWords(agencyCase.ends_on, locale) }) : t('agency.case.noEnd', { creditor })}</p>
      {agencyCase.note ? <p className="muted">{t('agency.case.note', { creditor, note: agencyCase.note })}</p> : null}
    </section>
  );
}

function CaseContacts({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="agency-case-contacts">
      <h2 id="agency-case-contacts">{t('agency.case.contacts')}</h2>
      {agencyCase.contacts.length === 0 ? (
        <p className="muted">{t('agency.case.noContacts')}</p>
      ) : (
        <ul className="agency-list" data-testid="agency-case-contacts">
          {agencyCase.contacts.map((contact) => (
            <li key={contact.id}>
              <strong>{contact.name ?? contact.email ?? contact.phone ?? '—'}</strong> <span className="muted">{translateOptional(t, `role.${contact.role}`, contact.role)}</span>
              {contact.email ? (
                <>
                  {' · '}
                  <a href={`mailto:${contact.email}`}>{contact.email}</a>
                </>
              ) : null}
              {contact.phone ? (
                <>
                  {' · '}
                  <a href={`tel:${contact.phone}`}>{contact.phone}</a>
                </>
              ) : null}
              {contact.address ? <span className="muted"> · {contact.address}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CaseInvoices({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, tn, locale } = useI18n();
  return (
    <section className="panel" aria-labelledby="agency-case-invoices">
      <h2 id="agency-case-invoices">{t('agency.case.invoices')}</h2>
      {agencyCase.open_invoices.length === 0 ? (
        <p className="muted">{t('agency.case.noInvoices')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table card-table" data-testid="agency-case-invoices">
            <thead>
              <tr>
                <th scope="col">{t('agency.column.invoice')}</th>
                <th scope="col">{t('agency.column.dueDate')}</th>
                <th scope="col">{t('agency.column.daysLate')}</th>
                <th scope="col" className="numeric">{t('agency.column.open')}</th>
              </tr>
            </thead>
            <tbody>
              {agencyCase.open_invoices.map((invoice) => (
                <tr key={invoice.id} data-testid="agency-case-invoice">
                  <td data-label={t('agency.column.invoice')} className="reference-cell">{invoice.number}</td>
                  <td data-label={t('agency.column.dueDate')}>{formatDate(invoice.due_date, locale)}</td>
                  <td data-label={t('agency.column.daysLate')}>{invoice.days_late > 0 ? tn('agency.daysLate', invoice.days_late) : t('agency.notYetDue')}</td>
                  <td data-label={t('agency.column.open')} className="numeric">{formatMoney(invoice.open, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const MESSAGE_STATUS: Record<string, MessageKey> = {
  queued: 'agency.messageStatus.queued',
  sending: 'agency.messageStatus.sending',
  sent: 'agency.messageStatus.sent',
  kept: 'agency.messageStatus.kept',
  failed: 'agency.messageStatus.failed',
  unknown: 'agency.messageStatus.unknown',
  cancelled: 'agency.messageStatus.cancelled',
};

function CaseMessages({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, locale } = useI18n();
  return (
    <section className="panel" aria-labelledby="agency-case-messages">
      <h2 id="agency-case-messages">{t('agency.case.messages')}</h2>
      {agencyCase.messages.length === 0 ? (
        <p className="muted">{t('agency.case.noMessages')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table card-table" data-testid="agency-case-messages">
            <thead>
              <tr>
                <th scope="col">{t('agency.column.date')}</th>
                <th scope="col">{t('agency.column.subject')}</th>
                <th scope="col">{t('agency.column.to')}</th>
                <th scope="col">{t('agency.column.status')}</th>
              </tr>
            </thead>
            <tbody>
              {agencyCase.messages.map((message) => (
                <tr key={message.id} data-testid="agency-case-message">
                  <td data-label={t('agency.column.date')}>{formatDate(message.created_at.slice(0, 10), locale)}</td>
                  <td data-label={t('agency.column.subject')}>{message.subject}</td>
                  <td data-label={t('agency.column.to')}>{message.recipient}</td>
                  <td data-label={t('agency.column.status')}>{MESSAGE_STATUS[message.status] ? t(MESSAGE_STATUS[message.status]!) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CasePayments({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, locale } = useI18n();
  return (
    <section className="panel" aria-labelledby="agency-case-payments">
      <h2 id="agency-case-payments">{t('agency.case.payments')}</h2>
      {agencyCase.payments.length === 0 ? (
        <p className="muted">{t('agency.case.noPayments')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table card-table" data-testid="agency-case-payments">
            <thead>
              <tr>
                <th scope="col">{t('agency.column.received')}</th>
                <th scope="col">{t('agency.column.reference')}</th>
                <th scope="col" className="numeric">{t('agency.column.amount')}</th>
                <th scope="col">{t('agency.column.recordedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {agencyCase.payments.map((payment) => (
                <tr key={payment.id} data-testid="agency-case-payment">
                  <td data-label={t('agency.column.received')}>{formatDate(payment.received_on, locale)}</td>
                  <td data-label={t('agency.column.reference')} className="reference-cell">{payment.reference}</td>
                  <td data-label={t('agency.column.amount')} className="numeric">{formatMoney(payment.amount, locale)}</td>
                  <td data-label={t('agency.column.recordedBy')}>{payment.recorded_by_agency ? t('agency.recordedByYou') : t('agency.recordedByCreditor', { creditor: agencyCase.creditor.name })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CaseTimeline({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, language, locale } = useI18n();
  return (
    <section className="panel" aria-labelledby="agency-case-timeline">
      <h2 id="agency-case-timeline">{t('agency.case.timeline', { creditor: agencyCase.creditor.name })}</h2>
      {agencyCase.timeline.length === 0 ? (
        <p className="muted">{t('agency.case.noTimeline')}</p>
      ) : (
        <ol className="agency-list" data-testid="agency-case-timeline">
          {agencyCase.timeline.map((entry) => (
            <li key={entry.id}>
              <span className="muted">{formatDate(entry.occurred_on, locale)}</span> {entry.summary[language]}
              {entry.author ? <span className="muted"> · {t('agency.timelineBy', { name: entry.author })}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
