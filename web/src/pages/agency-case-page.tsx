import '../agency.css';
import { useEffect, type ReactNode } from 'react';
import { ApiError } from '../api-client.js';
import type { AgencyCaseDetail, MessageParty } from '../components/agency-case-types.js';
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
      {detail.state === 'failed' && detail.error instanceof ApiError && detail.error.status === 404 ? (
        <p className="notice notice-info" role="status" data-testid="agency-case-gone">
          {t('agency.case.gone')}
        </p>
      ) : null}
      {detail.state === 'failed' && !(detail.error instanceof ApiError && detail.error.status === 404) ? <ErrorNotice error={detail.error} onRetry={reload} /> : null}
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

/** A panel of the case: its heading, then what it lists or, when there is nothing, a sentence saying so. */
function CaseSection({ id, title, empty, children }: { id: string; title: string; empty: string | null; children?: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {empty !== null ? <p className="muted">{empty}</p> : children}
    </section>
  );
}

/** A table of the case, its columns named once: `numeric` ones are aligned right. */
function CaseTable({ testId, columns, children }: { testId: string; columns: { label: string; numeric?: boolean }[]; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="data-table card-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? 'numeric' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function CaseContacts({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t } = useI18n();
  return (
    <CaseSection id="agency-case-contacts" title={t('agency.case.contacts')} empty={agencyCase.contacts.length === 0 ? t('agency.case.noContacts') : null}>
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
    </CaseSection>
  );
}

function CaseInvoices({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, tn, locale } = useI18n();
  const columns = [{ label: t('agency.column.invoice') }, { label: t('agency.column.dueDate') }, { label: t('agency.column.daysLate') }, { label: t('agency.column.open'), numeric: true }];
  return (
    <CaseSection id="agency-case-invoices" title={t('agency.case.invoices')} empty={agencyCase.open_invoices.length === 0 ? t('agency.case.noInvoices') : null}>
      <CaseTable testId="agency-case-invoices" columns={columns}>
        {agencyCase.open_invoices.map((invoice) => (
          <tr key={invoice.id} data-testid="agency-case-invoice">
            <td data-label={columns[0]!.label} className="reference-cell">{invoice.number}</td>
            <td data-label={columns[1]!.label}>{formatDate(invoice.due_date, locale)}</td>
            <td data-label={columns[2]!.label}>{invoice.days_late > 0 ? tn('agency.daysLate', invoice.days_late) : t('agency.notYetDue')}</td>
            <td data-label={columns[3]!.label} className="numeric">{formatMoney(invoice.open, locale)}</td>
          </tr>
        ))}
      </CaseTable>
    </CaseSection>
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

/** "Payables D001 <ap-d001@example.test>", or whichever half is known. */
function partyInWords(party: MessageParty): string {
  if (party.name && party.email) return `${party.name} <${party.email}>`;
  return party.name ?? party.email ?? '—';
}

function CaseMessages({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, locale } = useI18n();
  const columns = [{ label: t('agency.column.date') }, { label: t('agency.column.subject') }, { label: t('agency.column.to') }, { label: t('agency.column.status') }];
  return (
    <CaseSection id="agency-case-messages" title={t('agency.case.messages')} empty={agencyCase.messages.length === 0 ? t('agency.case.noMessages') : null}>
      <CaseTable testId="agency-case-messages" columns={columns}>
        {agencyCase.messages.map((message) => (
          <tr key={message.id} data-testid="agency-case-message">
            <td data-label={columns[0]!.label}>{formatDate(message.created_at.slice(0, 10), locale)}</td>
            <td data-label={columns[1]!.label}>{message.subject}</td>
            <td data-label={columns[2]!.label}>{partyInWords(message.recipient)}</td>
            <td data-label={columns[3]!.label}>{MESSAGE_STATUS[message.status] ? t(MESSAGE_STATUS[message.status]!) : '—'}</td>
          </tr>
        ))}
      </CaseTable>
    </CaseSection>
  );
}

function CasePayments({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, locale } = useI18n();
  const columns = [{ label: t('agency.column.received') }, { label: t('agency.column.reference') }, { label: t('agency.column.amount'), numeric: true }, { label: t('agency.column.recordedBy') }];
  return (
    <CaseSection id="agency-case-payments" title={t('agency.case.payments')} empty={agencyCase.payments.length === 0 ? t('agency.case.noPayments') : null}>
      <CaseTable testId="agency-case-payments" columns={columns}>
        {agencyCase.payments.map((payment) => (
          <tr key={payment.id} data-testid="agency-case-payment">
            <td data-label={columns[0]!.label}>{formatDate(payment.received_on, locale)}</td>
            <td data-label={columns[1]!.label} className="reference-cell">{payment.reference}</td>
            <td data-label={columns[2]!.label} className="numeric">{formatMoney(payment.amount, locale)}</td>
            <td data-label={columns[3]!.label}>{payment.recorded_by_agency ? t('agency.recordedByYou') : t('agency.recordedByCreditor', { creditor: agencyCase.creditor.name })}</td>
          </tr>
        ))}
      </CaseTable>
    </CaseSection>
  );
}

function CaseTimeline({ agencyCase }: { agencyCase: AgencyCaseDetail }) {
  const { t, language, locale } = useI18n();
  return (
    <CaseSection id="agency-case-timeline" title={t('agency.case.timeline', { creditor: agencyCase.creditor.name })} empty={agencyCase.timeline.length === 0 ? t('agency.case.noTimeline') : null}>
      <ol className="agency-list" data-testid="agency-case-timeline">
        {agencyCase.timeline.map((entry) => (
          <li key={entry.id}>
            <span className="muted">{formatDate(entry.occurred_on, locale)}</span> {entry.summary[language]}
            {entry.author ? <span className="muted"> · {t('agency.timelineBy', { name: entry.author })}</span> : null}
          </li>
        ))}
      </ol>
    </CaseSection>
  );
}
