import type { ScenarioStep } from '../collection-types.js';
import { useI18n } from '../i18n.js';
import { ChannelLabel } from './channel-label.js';

/** "D-5", "D+15", "D0": the offset as collectors say it (J-5, J+15 in French). */
export function dayLabel(offset: number, t: ReturnType<typeof useI18n>['t']): string {
  return t('scenarios.day', { offset: offset > 0 ? `+${offset}` : offset < 0 ? `−${-offset}` : '0' });
}

interface StepGroup {
  offset: number;
  steps: ScenarioStep[];
}

function groupByOffset(steps: readonly ScenarioStep[]): StepGroup[] {
  const groups: StepGroup[] = [];
  for (const step of [...steps].sort((a, b) => a.offset_days - b.offset_days)) {
    const last = groups[groups.length - 1];
    if (last && last.offset === step.offset_days) last.steps.push(step);
    else groups.push({ offset: step.offset_days, steps: [step] });
  }
  return groups;
}

/**
 * The steps along the days from the due date. Steps that share a day go out together as one
 * contact, so they share one mark; marks alternate above and below the line so close days
 * stay readable. The list stays a list for screen readers.
 */
export function ScenarioTimeline({ steps, label }: { steps: readonly ScenarioStep[]; label: string }) {
  const { t, language } = useI18n();
  const groups = groupByOffset(steps);
  const first = Math.min(0, ...groups.map((g) => g.offset));
  const last = Math.max(0, ...groups.map((g) => g.offset));
  const span = Math.max(1, last - first);
  const at = (offset: number) => `${4 + ((offset - first) / span) * 92}%`;
  return (
    <div className="timeline" data-testid="scenario-timeline">
      <div className="timeline-axis" aria-hidden="true">
        <span className="timeline-due" style={{ left: at(0) }}>
          <span className="timeline-due-label">{t('scenarios.dueDate')}</span>
        </span>
      </div>
      <ol className="timeline-groups" aria-label={label}>
        {groups.map((group, index) => (
          <li
            key={group.offset}
            className={`timeline-group ${index % 2 === 0 ? 'timeline-above' : 'timeline-below'}`}
            style={{ left: at(group.offset) }}
            data-testid="timeline-group"
            data-offset={group.offset}
          >
            <span className="timeline-dot" aria-hidden="true" />
            <span className="timeline-day">{dayLabel(group.offset, t)}</span>
            <ul className="timeline-steps">
              {group.steps.map((step) => (
                <li key={step.id} className="timeline-step" data-testid="timeline-step" data-step={step.id}>
                  <span className="timeline-step-name">{step.name[language]}</span>
                  <ChannelLabel channel={step.channel} />
                  {step.requires_approval ? (
                    <span className="badge badge-warning timeline-approval" data-testid="step-approval">
                      {t('scenarios.approval')}
                    </span>
                  ) : null}
                  {step.states_late_fees ? <span className="timeline-fees">{t('scenarios.lateFees')}</span> : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
