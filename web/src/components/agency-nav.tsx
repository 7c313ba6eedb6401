import { useI18n } from '../i18n.js';
import { Link } from '../router.js';

/** An agency's main menu: its cases, tasks and portfolio across creditors, and its own letters (scenario and texts) and settings. */
export function AgencyNav({ path }: { path: string }) {
  const { t } = useI18n();
  const at = (prefix: string) => (path.startsWith(prefix) ? 'page' : undefined);
  return (
    <nav aria-label={t('nav.main')} className="main-nav" data-testid="agency-nav">
      <Link to="/cases" aria-current={path === '/' || path.startsWith('/cases') ? 'page' : undefined}>
        {t('agency.nav.cases')}
      </Link>
      <Link to="/agency/tasks" aria-current={at('/agency/tasks')}>
        {t('agency.nav.tasks')}
      </Link>
      <Link to="/portfolio" aria-current={at('/portfolio')}>
        {t('agency.nav.portfolio')}
      </Link>
      <Link to="/agency/scenario" aria-current={at('/agency/scenario')}>
        {t('agency.nav.letters')}
      </Link>
      <Link to="/settings" aria-current={at('/settings')}>
        {t('nav.settings')}
      </Link>
    </nav>
  );
}
