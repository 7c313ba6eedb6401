import { CustomerPayments } from '../components/customer-payments.js';
import { useState, type FormEvent } from 'react';
import { apiPut, withQuery } from '../api-client.js';
import type { Contact, CustomerDetail, MoneyJson, OpenItem, OpenItems, Session, Statement, StatementLine } from '../api-types.js';
import { CollectionCard } from '../components/collection-card.js';
import { ContactLogCard } from '../components/contact-log-card.js';
import { CustomerTimeline } from '../components/customer-timeline.js';
import { NoteForm } from '../components/note-form.js';
import { PortalLinkCard } from '../components/portal-link-card.js';
import { DebtorRequestsSection } from '../components/debtor-requests-section.js';
import { InboundReplies } from '../components/inbound-replies.js';
import { CustomerActions } from '../components/customer-actions.js';
import { FigureCard } from '../components/figure-card.js';
import { LateFeesCard } from '../components/late-fees-card.js';
import { DossierCard } from '../components/dossier-card.js';
import { MandateCard } from '../components/mandate-card.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { compareDecimal, formatDate, formatMoney, formatNumber, isPositive } from '../format.js';
import { translateOptional, useI18n } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

export function CustomerPage({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const base = `/api/customers/${encodeURIComponent(customerId)}`;
  const customer = useApi<CustomerDetail>(base);
  useDocumentTitle(customer.data?.name ?? null);
  // A contact logged moves the next step (the gap counts from it): the collection card reads it again.
  const [contactsLogged, setContactsLogged] = useState(0);

  return (
    <main id="main" className="page">
      <p className="breadcrumb">
        <Link to="/customers">← {t('customer.back')}</Link>
      </p>
      {customer.state === 'failed' ? <ErrorNotice error={customer.error} onRetry={customer.reload} /> : null}
      {customer.data && customer.data.id === customerId ? (
        <>
          <CustomerHeader customer={customer.data} />
          <OpenItemsSection path={`${base}/open-items`} />
          <CustomerPayments customerPath={base} />
          <CollectionCard key={contactsLogged} customerPath={base} />
          <CustomerActions customerPath={base} onChanged={() => setContactsLogged((n) => n + 1)} />
          <ContactLogCard customerPath={base} onLogged={() => setContactsLogged((n) => n + 1)} />
          <NoteForm customerPath={base} />
          <DebtorRequestsSection customerId={customerId} />
          <PortalLinkCard customerPath={base} />
          <InboundReplies customerId={customerId} />
          <CustomerTimeline customerPath={base} version={contactsLogged} />
          <LateFeesCard customerPath={base} />
          <DossierCard customerPath={base} />
          <MandateCard customerId={customerId} onChanged={() => setContactsLogged((n) => n + 1)} />
          <StatementSection path={`${base}/statement`} />
          <ContactsSection contacts={customer.data.contacts} />
        </>
      ) : customer.state === 'loading' ? (
        <Loading />
      ) : null}
    </main>
  );
}

function CustomerHeader({ customer }: { customer: CustomerDetail }) {
  const { t, locale } = useI18n();
  const overLimit = customer.credit_limit !== null && compareDecimal(customer.balance.amount, customer.credit_limit.amount) > 0;
  const languageName = translateOptional(t, `language.${customer.language}`, customer.language);
  return (
    <section className="customer-header" aria-labelledby="customer-name">
      <div className="customer-title">
        <h1 id="customer-name">{customer.name}</h1>
        <p className="muted">
          <span className="reference" data-testid="customer-reference">
            {customer.reference}
          </span>
          {customer.segment ? <span className="tag">{customer.segment}</span> : null}
        </p>
      </div>
      <dl className="figures">
        <FigureCard testId="customer-balance" label={t('customer.balance')} value={formatMoney(customer.balance, locale)} />
        <FigureCard
          testId="customer-overdue"
          label={t('customer.overdue')}
          value={formatMoney(customer.overdue, locale)}
          tone={isPositive(customer.overdue) ? 'warning' : 'neutral'}
        />
        <FigureCard
          testId="customer-credit-limit"
          label={t('customer.creditLimit')}
          value={customer.credit_limit ? formatMoney(customer.credit_limit, locale) : t('customer.none')}
          note={overLimit ? <strong className="text-danger">{t('customer.overLimit')}</strong> : undefined}
          tone={overLimit ? 'warning' : 'neutral'}
        />
      </dl>
      <dl className="facts">
        <div>
          <dt>{t('customer.reference')}</dt>
          <dd>{customer.reference}</dd>
        </div>
        <div>
          <dt>{t('customer.segment')}</dt>
          <dd>{customer.segment ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.owner')}</dt>
          <dd>{customer.owner?.name ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.paymentTerms')}</dt>
          <dd>{customer.payment_terms ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.registrationId')}</dt>
          <dd>{customer.registration_id ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.vatId')}</dt>
          <dd>{customer.vat_id ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.language')}</dt>
          <dd>{languageName}</dd>
        </div>
      </dl>
    </section>
  );
}

function OpenItemsSection({ path }: { path: string }) {
  const { t, locale } = useI18n();
  const items = useApi<OpenItems>(path);
  const me = useApi<Session>('/api/me');
  const canAttach = me.data?.user?.role === 'admin' || me.data?.user?.role === 'collector';
  const [attached, setAttached] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="open-items-title">
      <h2 id="open-items-title">{t('customer.openItems')}</h2>
      {items.state === 'failed' ? <ErrorNotice error={items.error} onRetry={items.reload} /> : null}
      {items.state === 'loading' && !items.data ? <Loading /> : null}
      {items.data && items.data.items.length === 0 ? <p className="muted">{t('customer.noOpenItems')}</p> : null}
      {attached ? (
        <p className="notice notice-info" role="status" data-testid="invoice-pdf-attached">
          {t('customer.invoicePdfAttached', { number: attached })}
        </p>
      ) : null}
      {items.data && items.data.items.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="open-items">
            <thead>
              <tr>
                <th scope="col">{t('column.number')}</th>
                <th scope="col">{t('customer.paymentReference')}</th>
                <th scope="col">{t('column.issueDate')}</th>
                <th scope="col">{t('column.dueDate')}</th>
                <th scope="col" className="numeric">
                  {t('column.daysOverdue')}
                </th>
                <th scope="col" className="numeric">
                  {t('column.amount')}
                </th>
                <th scope="col" className="numeric">
                  {t('column.open')}
                </th>
                <th scope="col">{t('customer.invoicePdf')}</th>
              </tr>
            </thead>
            <tbody>
              {items.data.items.map((item) => (
                <tr key={item.id}>
                  <td className="reference-cell">{item.number}</td>
                  <td className="reference-cell" data-testid="payment-reference">{item.payment_reference ?? ''}</td>
                  <td>{formatDate(item.issue_date, locale)}</td>
                  <td>{formatDate(item.due_date, locale)}</td>
                  <td className="numeric">
                    {item.days_overdue > 0 ? (
                      <span className={`badge ${item.days_overdue > 60 ? 'badge-danger' : 'badge-warning'}`}>
                        {formatNumber(item.days_overdue, locale)}
                      </span>
                    ) : (
                      <span className="muted">{t('customer.notDue')}</span>
                    )}
                  </td>
                  <td className="numeric">{formatMoney(item.amount, locale)}</td>
                  <td className="numeric strong">{formatMoney(item.open, locale)}</td>
                  <td>
                    <InvoicePdfCell item={item} canAttach={canAttach} onAttached={(number) => { setAttached(number); items.reload(); }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {(items.data?.unapplied_credits ?? []).map((credit) => (
        <p key={credit.currency} className="unapplied" data-testid="unapplied-credit">
          {t('customer.unappliedCredit')} <strong>{formatMoney(credit, locale)}</strong>
        </p>
      ))}
    </section>
  );
}

/**
 * The invoice's PDF as issued: a link when one is kept, else (for those who may change the
 * ledger) a file picker that uploads it. Reminders that list the invoice carry the file.
 */
function InvoicePdfCell({ item, canAttach, onAttached }: { item: OpenItem; canAttach: boolean; onAttached: (number: string) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/invoices/${encodeURIComponent(item.id)}/pdf`;
  if (item.pdf) {
    return (
      <a href={path} download={item.pdf.file_name} data-testid="invoice-pdf-link">
        {t('customer.invoicePdfOpen')}
      </a>
    );
  }
  if (!canAttach) return <span className="muted">—</span>;
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await apiPut(path, file);
      onAttached(item.number);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <label className="button button-secondary button-small file-button">
        {t('customer.invoicePdfAttach')}
        <input
          type="file"
          accept="application/pdf,.pdf"
          className="visually-hidden"
          aria-label={t('customer.invoicePdfAttachFor', { number: item.number })}
          disabled={busy}
          onChange={(event) => void upload(event.target.files?.[0])}
        />
      </label>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}

/** An empty side of a statement line (0.00 or absent) stays blank, as on a printed statement. */
function sideOf(money: MoneyJson | null | undefined, locale: string): string {
  return money && compareDecimal(money.amount, '0') !== 0 ? formatMoney(money, locale) : '';
}

// The API words a line's description in English ("Invoice F-1001"). When it only repeats the
// type and number, which the table already shows translated, it is left out; a description
// that says more (a settlement recorded before the ledger) is shown as the server wrote it.
const PLAIN_DESCRIPTIONS: Record<string, string> = { invoice: 'Invoice', credit_note: 'Credit note', payment: 'Payment' };

function descriptionOf(line: StatementLine): string {
  if (!line.description) return '';
  const plain = PLAIN_DESCRIPTIONS[line.kind];
  return plain && line.description === `${plain} ${line.number ?? ''}` ? '' : line.description;
}

function StatementSection({ path }: { path: string }) {
  const { t, locale } = useI18n();
  const { path: pagePath, query } = useLocation();
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const statement = useApi<Statement>(withQuery(path, { from, to }));
  const [draftFrom, setDraftFrom] = useState(from);
  const [draftTo, setDraftTo] = useState(to);

  const show = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(withQuery(pagePath, { from: draftFrom, to: draftTo }), { replace: true });
  };

  const data = statement.data;
  const withDescription = (data?.lines ?? []).some((line) => descriptionOf(line) !== '');
  const columns = withDescription ? 7 : 6;
  return (
    <section className="panel" aria-labelledby="statement-title">
      <div className="panel-heading">
        <div>
          <h2 id="statement-title">{t('customer.statement')}</h2>
          {data ? (
            <p className="muted">
              {t('customer.statementPeriod', { from: formatDate(data.from, locale), to: formatDate(data.to, locale) })}
            </p>
          ) : null}
        </div>
        <form className="inline-form" onSubmit={show}>
          <label htmlFor="statement-from">{t('customer.statementFrom')}</label>
          <input id="statement-from" type="date" value={draftFrom || data?.from || ''} onChange={(e) => setDraftFrom(e.target.value)} />
          <label htmlFor="statement-to">{t('customer.statementTo')}</label>
          <input id="statement-to" type="date" value={draftTo || data?.to || ''} onChange={(e) => setDraftTo(e.target.value)} />
          <button type="submit" className="button button-secondary button-small">
            {t('customer.statementShow')}
          </button>
        </form>
        {/* As of today, like the copy a reminder carries; a plain link so the session cookie goes with it. */}
        <a className="button button-secondary button-small" href={`${path}.pdf`} target="_blank" rel="noopener" data-testid="statement-pdf">
          {t('customer.statementPdf')}
        </a>
      </div>
      {statement.state === 'failed' ? <ErrorNotice error={statement.error} onRetry={statement.reload} /> : null}
      {statement.state === 'loading' && !data ? <Loading /> : null}
      {data ? (
        <div className="table-scroll">
          <table className="data-table statement" data-testid="statement">
            <thead>
              <tr>
                <th scope="col">{t('column.date')}</th>
                <th scope="col">{t('column.kind')}</th>
                <th scope="col">{t('column.number')}</th>
                {withDescription ? <th scope="col">{t('column.description')}</th> : null}
                <th scope="col" className="numeric">
                  {t('column.debit')}
                </th>
                <th scope="col" className="numeric">
                  {t('column.credit')}
                </th>
                <th scope="col" className="numeric">
                  {t('column.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr className="statement-total">
                <td>{formatDate(data.from, locale)}</td>
                <th scope="row" colSpan={columns - 2}>
                  {t('customer.openingBalance')}
                </th>
                <td className="numeric">{formatMoney(data.opening_balance, locale)}</td>
              </tr>
              {data.lines.length === 0 ? (
                <tr>
                  <td colSpan={columns} className="muted">
                    {t('customer.noStatementLines')}
                  </td>
                </tr>
              ) : null}
              {data.lines.map((line, index) => (
                <tr key={`${line.date}-${line.kind}-${line.number ?? ''}-${index}`}>
                  <td>{formatDate(line.date, locale)}</td>
                  <td>{translateOptional(t, `kind.${line.kind}`, line.kind)}</td>
                  <td className="reference-cell">{line.number ?? ''}</td>
                  {withDescription ? <td lang="en">{descriptionOf(line)}</td> : null}
                  <td className="numeric">{sideOf(line.debit, locale)}</td>
                  <td className="numeric">{sideOf(line.credit, locale)}</td>
                  <td className="numeric">{formatMoney(line.balance, locale)}</td>
                </tr>
              ))}
              {data.total_debit && data.total_credit ? (
                <tr className="statement-total">
                  <td />
                  <th scope="row" colSpan={columns - 4}>
                    {t('customer.statementTotals')}
                  </th>
                  <td className="numeric">{formatMoney(data.total_debit, locale)}</td>
                  <td className="numeric">{formatMoney(data.total_credit, locale)}</td>
                  <td />
                </tr>
              ) : null}
              <tr className="statement-total">
                <td>{formatDate(data.to, locale)}</td>
                <th scope="row" colSpan={columns - 2}>
                  {t('customer.closingBalance')}
                </th>
                <td className="numeric strong">{formatMoney(data.closing_balance, locale)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ContactsSection({ contacts }: { contacts: Contact[] }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="contacts-title">
      <h2 id="contacts-title">{t('customer.contacts')}</h2>
      {contacts.length === 0 ? (
        <p className="muted">{t('customer.noContacts')}</p>
      ) : (
        <ul className="contacts">
          {contacts.map((contact) => (
            <li key={contact.id} className="contact">
              <p className="contact-name">
                {contact.name ?? contact.email ?? '—'}
                <span className="tag">{translateOptional(t, `role.${contact.role}`, contact.role)}</span>
              </p>
              <dl>
                {contact.email ? (
                  <div>
                    <dt>{t('customer.email')}</dt>
                    <dd>
                      <a href={`mailto:${contact.email}`}>{contact.email}</a>
                    </dd>
                  </div>
                ) : null}
                {contact.phone ? (
                  <div>
                    <dt>{t('customer.phone')}</dt>
                    <dd>
                      <a href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</a>
                    </dd>
                  </div>
                ) : null}
                {contact.address ? (
                  <div>
                    <dt>{t('customer.address')}</dt>
                    <dd className="address">{contact.address}</dd>
                  </div>
                ) : null}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
