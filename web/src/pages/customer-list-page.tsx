import '../customer-timeline.css';
import { useEffect, useState } from 'react';
import { withQuery } from '../api-client.js';
import type { CustomerSummary, ListOf, Page, UserSummary } from '../api-types.js';
import type { CustomerListStatus } from '../customer-timeline-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDate, formatDateInWords, formatMoney, isPositive } from '../format.js';
import { useI18n } from '../i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

const PAGE_SIZE = 25;
const SORTS = ['overdue', 'balance', 'name'] as const;
type Sort = (typeof SORTS)[number];

interface Filters {
  search: string;
  sort: Sort;
  segment: string;
  owner: string;
  page: number;
}

function filtersFrom(query: URLSearchParams): Filters {
  const sort = query.get('sort');
  const page = Number(query.get('page') ?? '1');
  return {
    search: query.get('search') ?? '',
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'overdue',
    segment: query.get('segment') ?? '',
    owner: query.get('owner') ?? '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

// The list's state lives in the address, so a filtered view can be bookmarked or shared.
function addressOf(filters: Filters): string {
  return withQuery('/customers', {
    search: filters.search,
    sort: filters.sort === 'overdue' ? '' : filters.sort,
    segment: filters.segment,
    owner: filters.owner,
    page: filters.page > 1 ? filters.page : '',
  });
}

export function CustomerListPage() {
  const { t, locale } = useI18n();
  const { query } = useLocation();
  const filters = filtersFrom(query);
  const [searchText, setSearchText] = useState(filters.search);
  useDocumentTitle(t('customers.title'));

  // Read the address at the moment of the change: a debounced search may land after a sort change.
  const update = (change: Partial<Filters>) =>
    navigate(addressOf({ ...filtersFrom(new URLSearchParams(window.location.search)), page: 1, ...change }), {
      replace: true,
    });

  // Back and forward change the address under the search box.
  useEffect(() => setSearchText(filters.search), [filters.search]);

  // Search as the person types, once they pause.
  useEffect(() => {
    if (searchText === filtersFrom(new URLSearchParams(window.location.search)).search) return;
    const timer = window.setTimeout(() => update({ search: searchText }), 250);
    return () => window.clearTimeout(timer);
  }, [searchText]);

  const customers = useApi<Page<CustomerSummary & CustomerListStatus>>(
    withQuery('/api/customers', {
      search: filters.search.trim(),
      segment: filters.segment,
      owner: filters.owner,
      sort: filters.sort,
      order: filters.sort === 'name' ? 'asc' : 'desc',
      limit: PAGE_SIZE,
      offset: (filters.page - 1) * PAGE_SIZE,
    }),
  );
  const segments = useApi<ListOf<string>>('/api/customers/segments');
  const users = useApi<ListOf<UserSummary>>('/api/users');

  const page = customers.data;
  const first = page && page.total > 0 ? page.offset + 1 : 0;
  const last = page ? page.offset + page.items.length : 0;

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{t('customers.title')}</h1>
      </div>
      <form className="filters" role="search" aria-label={t('customers.filters')} onSubmit={(event) => {
        event.preventDefault();
        update({ search: searchText });
      }}>
        <div className="field field-grow">
          <label htmlFor="customer-search">{t('customers.search')}</label>
          <input
            id="customer-search"
            type="search"
            value={searchText}
            placeholder={t('customers.searchPlaceholder')}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="customer-sort">{t('customers.sort')}</label>
          <select id="customer-sort" value={filters.sort} onChange={(event) => update({ sort: event.target.value as Sort })}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`customers.sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="customer-segment">{t('customers.segment')}</label>
          <select id="customer-segment" value={filters.segment} onChange={(event) => update({ segment: event.target.value })}>
            <option value="">{t('customers.all')}</option>
            {(segments.data?.items ?? []).map((segment) => (
              <option key={segment} value={segment}>
                {segment}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="customer-owner">{t('customers.owner')}</label>
          <select id="customer-owner" value={filters.owner} onChange={(event) => update({ owner: event.target.value })}>
            <option value="">{t('customers.all')}</option>
            {(users.data?.items ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
      </form>

      {customers.state === 'failed' ? <ErrorNotice error={customers.error} onRetry={customers.reload} /> : null}
      {!page && customers.state === 'loading' ? <Loading /> : null}
      {page ? (
        <section className="panel panel-flush" aria-busy={customers.state === 'loading'}>
          {page.items.length === 0 ? (
            <p className="empty">{t('customers.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table customer-cards" data-testid="customer-list">
                <caption className="visually-hidden">{t('customers.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('column.reference')}</th>
                    <th scope="col">{t('column.name')}</th>
                    <th scope="col">{t('column.segment')}</th>
                    <th scope="col">{t('column.owner')}</th>
                    <th scope="col" className="numeric" aria-sort={filters.sort === 'balance' ? 'descending' : undefined}>
                      {t('column.balance')}
                    </th>
                    <th scope="col" className="numeric" aria-sort={filters.sort === 'overdue' ? 'descending' : undefined}>
                      {t('column.overdue')}
                    </th>
                    <th scope="col">{t('column.oldestDue')}</th>
                    <th scope="col">{t('customers.column.status')}</th>
                    <th scope="col">{t('customers.column.nextAction')}</th>
                    <th scope="col">{t('customers.column.lastContact')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((customer) => (
                    <tr key={customer.id}>
                      <td className="reference-cell" data-label={t('column.reference')}>{customer.reference}</td>
                      <td data-label={t('column.name')}>
                        <Link to={`/customers/${encodeURIComponent(customer.id)}`}>{customer.name}</Link>
                      </td>
                      <td data-label={t('column.segment')}>{customer.segment ?? '—'}</td>
                      <td data-label={t('column.owner')}>{customer.owner?.name ?? '—'}</td>
                      <td className="numeric" data-label={t('column.balance')}>{formatMoney(customer.balance, locale)}</td>
                      <td className={`numeric ${isPositive(customer.overdue) ? 'amount-overdue' : 'zero'}`} data-label={t('column.overdue')}>
                        {formatMoney(customer.overdue, locale)}
                      </td>
                      <td data-label={t('column.oldestDue')}>{formatDate(customer.oldest_due_date, locale)}</td>
                      <td data-label={t('customers.column.status')} data-testid="customer-status">
                        {customer.status.length === 0 ? (
                          <span className="muted">{t('customers.status.none')}</span>
                        ) : (
                          <span className="status-badges">
                            {customer.status.map((status) => (
                              <span key={status} className={`status-badge status-${status}`}>
                                {t(`customers.status.${status}`)}
                              </span>
                            ))}
                          </span>
                        )}
                      </td>
                      <td data-label={t('customers.column.nextAction')} data-testid="customer-next-action">
                        {customer.next_action
                          ? t('customers.next.on', { action: t(`customers.next.${customer.next_action.kind}`), date: formatDateInWords(customer.next_action.on, locale) })
                          : t('customers.next.none')}
                      </td>
                      <td data-label={t('customers.column.lastContact')} data-testid="customer-last-contact">
                        {customer.last_contact_on ? formatDate(customer.last_contact_on, locale) : t('customers.lastContact.none')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pagination" aria-label={t('customers.pagination')}>
            <span aria-live="polite">{t('customers.count', { from: first, to: last, total: page.total })}</span>
            <div className="pagination-buttons">
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={filters.page <= 1}
                onClick={() => update({ page: filters.page - 1 })}
              >
                {t('customers.previous')}
              </button>
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={last >= page.total}
                onClick={() => update({ page: filters.page + 1 })}
              >
                {t('customers.next')}
              </button>
            </div>
          </nav>
        </section>
      ) : null}
    </main>
  );
}
