import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiGet, apiPost, onSessionLost } from './api-client.js';
import type { Session } from './api-types.js';
import { AppHeader } from './components/app-header.js';
import { MissingRateBanner } from './components/missing-rate-banner.js';
import { ErrorNotice, Loading } from './components/status-message.js';
import { I18nProvider, useI18n } from './i18n.js';
import { CustomerListPage } from './pages/customer-list-page.js';
import { CustomerPage } from './pages/customer-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { ImportPage } from './pages/import-page.js';
import { TodayPage } from './pages/today-page.js';
import { LoginPage } from './pages/login-page.js';
import { OutboxMessagePage } from './pages/outbox-message-page.js';
import { OutboxPage } from './pages/outbox-page.js';
import { InboundRepliesPage } from './pages/inbound-replies-page.js';
import { ReconciliationPage } from './pages/reconciliation-page.js';
import { ReplayPage } from './pages/replay-page.js';
import { MandatesPage } from './pages/mandates-page.js';
import { ScenarioEditorPage } from './pages/scenario-editor-page.js';
import { ScenariosPage } from './pages/scenarios-page.js';
import { TaskInboxPage } from './pages/task-inbox-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { setupPageAt } from './pages/setup/setup-routes.js';
import { TemplateEditorPage } from './pages/template-editor-page.js';
import { HandoffReportPage } from './pages/handoff-report-page.js';
import { AgencyPortfolioPage } from './pages/agency-portfolio-page.js';
import { agencyPageAt } from './pages/agency-routes.js';
import { Link, useLocation } from './router.js';

type SessionState = { state: 'checking' } | { state: 'signed-out' } | { state: 'signed-in'; session: Session } | { state: 'failed'; error: Error };

export function App() {
  const [session, setSession] = useState<SessionState>({ state: 'checking' });

  const check = useCallback(() => {
    setSession({ state: 'checking' });
    apiGet<({ signed_in: true } & Session) | { signed_in: false }>('/api/auth/session').then(
      // An API key's caller has no user: the web app only works with a person's session.
      (me) => setSession(me.signed_in && me.user ? { state: 'signed-in', session: me } : { state: 'signed-out' }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setSession({ state: 'signed-out' });
        else setSession({ state: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
  }, []);

  useEffect(check, [check]);
  useEffect(() => onSessionLost(() => setSession({ state: 'signed-out' })), []);

  const logout = async () => {
    try {
      await apiPost('/api/auth/logout');
    } finally {
      setSession({ state: 'signed-out' });
    }
  };

  const me = session.state === 'signed-in' ? session.session : null;
  return (
    <I18nProvider
      userId={me?.user.id ?? null}
      userLocale={me?.user.locale ?? null}
      organizationLocale={me?.organization.locale ?? null}
      organizationCountry={me?.organization.country ?? null}
    >
      <SkipLink />
      {session.state === 'checking' ? (
        <main id="main" className="page">
          <Loading />
        </main>
      ) : session.state === 'failed' ? (
        <main id="main" className="page">
          <ErrorNotice error={session.error} onRetry={check} />
        </main>
      ) : session.state === 'signed-out' ? (
        <LoginPage onLoggedIn={(next) => setSession({ state: 'signed-in', session: next })} />
      ) : (
        <>
          <AppHeader session={session.session} onLogout={logout} />
          {session.session.user.role === 'admin' ? <MissingRateBanner /> : null}
          <Routes session={session.session} />
        </>
      )}
    </I18nProvider>
  );
}

function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href="#main">
      {t('app.skipToContent')}
    </a>
  );
}

function Routes({ session }: { session: Session }) {
  const { path } = useLocation();
  // An agency opens on its cases; the pages it shares with creditors (settings…) follow; its own letters are at /agency/scenario.
  const agencyPage = session.organization.kind === 'agency' ? agencyPageAt(path, session) : null;
  if (agencyPage) return agencyPage;
  // A creditor's pages (customers, scenarios, outbox…) would show the agency's own empty ledger, not its cases.
  if (session.organization.kind === 'agency' && !/^\/(settings|portfolio)(\/|$)/.test(path)) return <NotFoundPage />;
  if (path === '/' || path === '/index.html') return <TodayPage />;
  if (path === '/dashboard' || path === '/dashboard/') return <DashboardPage />;
  if (path === '/customers' || path === '/customers/') return <CustomerListPage />;
  const customer = /^\/customers\/([^/]+)\/?$/.exec(path);
  if (customer) return <CustomerPage key={customer[1]} customerId={decodeURIComponent(customer[1]!)} />;
  if (path === '/scenarios' || path === '/scenarios/') return <ScenariosPage />;
  if (path === '/scenarios/edit') return <ScenarioEditorPage />;
  if (path === '/tasks' || path === '/tasks/') return <TaskInboxPage />;
  if (path === '/templates' || path === '/templates/') return <TemplateEditorPage />;
  if (path === '/outbox' || path === '/outbox/') return <OutboxPage />;
  if (path === '/replies' || path === '/replies/') return <InboundRepliesPage />;
  if (path === '/reconciliation' || path === '/reconciliation/') return <ReconciliationPage />;
  if (path === '/settings' || path === '/settings/') return <SettingsPage />;
  if (path === '/import' || path === '/import/') return <ImportPage />;
  if (path.startsWith('/settings/')) return setupPageAt(path) ?? <NotFoundPage />;
  if (path === '/simulation' || path === '/simulation/') return <ReplayPage />;
  if (path === '/mandates' || path === '/mandates/') return <MandatesPage />;
  if (path === '/reports/handoffs' || path === '/reports/handoffs/') return <HandoffReportPage />;
  if (path === '/portfolio' || path === '/portfolio/') return <AgencyPortfolioPage />;
  const message = /^\/outbox\/([^/]+)\/?$/.exec(path);
  if (message) return <OutboxMessagePage key={message[1]} messageId={decodeURIComponent(message[1]!)} />;
  return <NotFoundPage />;
}

function NotFoundPage() {
  const { t } = useI18n();
  return (
    <main id="main" className="page">
      <p className="notice notice-info">{t('app.notFound')}</p>
      <Link to="/dashboard">{t('app.backToDashboard')}</Link>
    </main>
  );
}
