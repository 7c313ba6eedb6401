import type { Scenario } from '../collection-types.js';
import { ScenarioTimeline } from '../components/scenario-timeline.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatNumber } from '../format.js';
import { useI18n } from '../i18n.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';

export function ScenariosPage() {
  const { t, language, locale } = useI18n();
  useDocumentTitle(t('scenarios.title'));
  const scenarios = useApi<{ items: Scenario[] }>('/api/scenarios');
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <div>
          <h1>{t('scenarios.title')}</h1>
          <p className="muted">{t('scenarios.intro')}</p>
        </div>
        <Link to="/scenarios/edit" className="button button-secondary">
          {t('scenarioEditor.edit')}
        </Link>
      </div>
      {scenarios.state === 'failed' ? <ErrorNotice error={scenarios.error} onRetry={scenarios.reload} /> : null}
      {scenarios.state === 'loading' && !scenarios.data ? <Loading /> : null}
      {scenarios.data && scenarios.data.items.length === 0 ? <p className="muted">{t('scenarios.empty')}</p> : null}
      {scenarios.data?.items.map((scenario) => (
        <section key={scenario.id} className="panel" aria-labelledby={`scenario-${scenario.id}`} data-testid="scenario" data-scenario={scenario.id}>
          <div className="panel-heading">
            <div>
              <h2 id={`scenario-${scenario.id}`}>
                {scenario.name[language]} <span className="tag">{t(scenario.source === 'custom' ? 'scenarios.custom' : 'scenarios.builtIn')}</span>
              </h2>
              {scenario.description ? <p className="muted">{scenario.description[language]}</p> : null}
            </div>
            <p className="muted">{t('scenarios.steps', { count: formatNumber(scenario.steps.length, locale) })}</p>
          </div>
          <ScenarioTimeline steps={scenario.steps} label={t('scenarios.stepsOf', { name: scenario.name[language] })} />
        </section>
      ))}
    </main>
  );
}
