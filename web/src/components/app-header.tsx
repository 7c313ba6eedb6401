import { useEffect, useState } from 'react';
import type { Session } from '../api-types.js';
import { useI18n } from '../i18n.js';
import { LANGUAGES } from '../messages.js';
import { Link, useLocation } from '../router.js';
import { AgencyNav } from './agency-nav.js';
import { LanguageSwitch } from './language-switch.js';
import { labelTableCellsForPhones } from '../responsive-tables.js';

export function AppHeader({ session, onLogout }: { session: Session; onLogout(): void }) {
  const { t } = useI18n();
  const { path } = useLocation();
  // On a phone the menu folds behind a button; it closes again when a page is chosen or on Escape.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => labelTableCellsForPhones(document), []);
  // An agency works other creditors' cases: its own menu replaces the creditor's.
  const agencyMenu = session.organization.kind === 'agency' ? <AgencyNav path={path} /> : null;
  const section = path === '/' ? 'today' : path.startsWith('/dashboard') ? 'dashboard' : (['customers', 'tasks', 'scenarios', 'templates', 'outbox', 'reconciliation', 'simulation', 'settings', 'import'] as const).find((name) => path.startsWith(`/${name}`)) ?? null;
  return (
    <header className={`app-header${menuOpen ? ' menu-open' : ''}`} onKeyDown={(event) => (event.key === 'Escape' ? setMenuOpen(false) : undefined)}>
      <div className="app-header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">R</span>
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-organization">{session.organization.name}</span>
        </Link>
        <button
          type="button"
          className="menu-button button button-secondary button-small"
          aria-expanded={menuOpen}
          aria-controls="main-menu"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span className="menu-icon" aria-hidden="true" />
          {t('nav.menu')}
        </button>
        <div className="app-menu" id="main-menu">
        {agencyMenu ?? (
        <nav aria-label={t('nav.main')} className="main-nav">
          <Link to="/" aria-current={section === 'today' ? 'page' : undefined}>
            {t('today.nav')}
          </Link>
          <Link to="/dashboard" aria-current={section === 'dashboard' ? 'page' : undefined}>
            {t('nav.dashboard')}
          </Link>
          <Link to="/customers" aria-current={section === 'customers' ? 'page' : undefined}>
            {t('nav.customers')}
          </Link>
          <Link to="/tasks" aria-current={section === 'tasks' ? 'page' : undefined}>
            {t('nav.tasks')}
          </Link>
          <Link to="/scenarios" aria-current={section === 'scenarios' ? 'page' : undefined}>
            {t('nav.scenarios')}
          </Link>
          <Link to="/templates" aria-current={section === 'templates' ? 'page' : undefined}>
            {t('nav.templates')}
          </Link>
          <Link to="/outbox" aria-current={section === 'outbox' ? 'page' : undefined}>
            {t('nav.outbox')}
          </Link>
          <Link to="/replies" aria-current={path.startsWith('/replies') ? 'page' : undefined}>
            {t('nav.replies')}
          </Link>
          {/* One entry for hand-offs and their results: the menu must fit a desktop screen in French. */}
          {session.organization.kind !== 'agency' ? (
            <Link to="/mandates" aria-current={path.startsWith('/mandates') || path.startsWith('/reports/handoffs') ? 'page' : undefined}>
              {t('nav.mandates')}
            </Link>
          ) : null}
          {session.user.role === 'admin' || session.user.role === 'collector' ? (
            <Link to="/reconciliation" aria-current={section === 'reconciliation' ? 'page' : undefined}>
              {t('nav.reconciliation')}
            </Link>
          ) : null}
          {session.user.role === 'admin' || session.user.role === 'collector' ? (
            <Link to="/simulation" aria-current={section === 'simulation' ? 'page' : undefined}>
              {t('nav.replay')}
            </Link>
          ) : null}
          <Link to="/settings" aria-current={section === 'settings' ? 'page' : undefined}>
            {t('nav.settings')}
          </Link>
          {session.user.role === 'admin' ? (
            <Link to="/import" aria-current={section === 'import' ? 'page' : undefined}>
              {t('nav.import')}
            </Link>
          ) : null}
        </nav>
        )}
        <div className="header-tools">
          <LanguageSwitch languages={LANGUAGES} />
          <span className="header-user" title={session.user.email}>
            {t('header.signedInAs', { name: session.user.name })}
          </span>
          <button type="button" className="button button-secondary button-small" onClick={onLogout}>
            {t('header.logout')}
          </button>
        </div>
        </div>
      </div>
    </header>
  );
}
