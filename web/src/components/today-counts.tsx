import { withQuery } from '../api-client.js';
import { useI18n } from '../i18n.js';
import { Link } from '../router.js';
import { WORK_KINDS, type Worklist } from '../today-types.js';
import { useApi } from '../use-api.js';

/** Today's work per kind, on the dashboard: the counts GET /api/worklist gives the Today page. */
export function TodayCounts() {
  const { t } = useI18n();
  // The counts alone: no line is weighed for them.
  const list = useApi<Worklist>(withQuery('/api/worklist', { limit: 0 }));
  if (!list.data) return null;
  const { counts } = list.data;
  const kinds = WORK_KINDS.filter((kind) => counts[kind] > 0);
  return (
    <section className="panel today-counts" aria-labelledby="today-counts-title" data-testid="today-counts">
      <div className="panel-heading">
        <h2 id="today-counts-title">{t('today.countsTitle')}</h2>
        <Link to="/">{t('today.countsOpen')}</Link>
      </div>
      {kinds.length === 0 ? (
        <p className="muted">{t('today.countsNone')}</p>
      ) : (
        <ul className="today-count-list">
          {kinds.map((kind) => (
            <li key={kind}>
              <Link to={withQuery('/', { kind })}>{t('today.kindWithCount', { label: t(`today.kind.${kind}`), count: counts[kind] })}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
