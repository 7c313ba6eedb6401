import { useLayoutEffect, useRef, useState } from 'react';
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

// Card width and spacing in pixels, kept in step with .timeline-group in collection.css.
const CARD_PX = 176;
const GAP_PX = 10;
/** How far a further lane sits from the line than the lane before it. */
const LEVEL_PX = 118;
/** Room a lane needs for its cards, for the height of the drawing. */
const LANE_PX = 150;

interface Placed extends StepGroup {
  x: number;
  side: 'above' | 'below';
  level: number;
}

/**
 * Lays the marks out by day, then gives each the lane nearest the line where its card does
 * not overlap the card before it: above, below, then further out on each side.
 */
function place(groups: readonly StepGroup[], width: number): Placed[] {
  const first = Math.min(0, ...groups.map((g) => g.offset));
  const last = Math.max(0, ...groups.map((g) => g.offset));
  const span = Math.max(1, last - first);
  const pad = CARD_PX / 2 + 4;
  const usable = Math.max(1, width - 2 * pad);
  const laneEnds: number[] = [];
  return groups.map((group) => {
    const x = pad + ((group.offset - first) / span) * usable;
    let lane = 0;
    while (laneEnds[lane] !== undefined && laneEnds[lane]! + GAP_PX > x - CARD_PX / 2) lane++;
    laneEnds[lane] = x + CARD_PX / 2;
    return { ...group, x, side: lane % 2 === 0 ? 'above' : 'below', level: Math.floor(lane / 2) };
  });
}

function dueDateX(groups: readonly StepGroup[], width: number): number {
  const first = Math.min(0, ...groups.map((g) => g.offset));
  const last = Math.max(0, ...groups.map((g) => g.offset));
  const pad = CARD_PX / 2 + 4;
  return pad + ((0 - first) / Math.max(1, last - first)) * Math.max(1, width - 2 * pad);
}

/**
 * The steps along the days from the due date. Steps that share a day go out together as one
 * contact, so they share one mark. The list stays a list for screen readers.
 */
export function ScenarioTimeline({ steps, label }: { steps: readonly ScenarioStep[]; label: string }) {
  const { t, language } = useI18n();
  const frame = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1100);
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const groups = groupByOffset(steps);
  const placed = place(groups, width);
  const lanesAbove = Math.max(0, ...placed.filter((g) => g.side === 'above').map((g) => g.level + 1));
  const lanesBelow = Math.max(0, ...placed.filter((g) => g.side === 'below').map((g) => g.level + 1));
  const axis = 36 + lanesAbove * LANE_PX;
  return (
    <div className="timeline" ref={frame} style={{ height: axis + lanesBelow * LANE_PX + 24 }} data-testid="scenario-timeline">
      <div className="timeline-due" style={{ left: dueDateX(groups, width) }} aria-hidden="true">
        <span className="timeline-due-label">{t('scenarios.dueDate')}</span>
      </div>
      <div className="timeline-axis" style={{ top: axis }} aria-hidden="true" />
      <ol className="timeline-groups" aria-label={label}>
        {placed.map((group) => (
          <li
            key={group.offset}
            className={`timeline-group timeline-${group.side}${group.level > 0 ? ' timeline-far' : ''}`}
            style={group.side === 'above' ? { left: group.x, bottom: `calc(100% - ${axis}px)` } : { left: group.x, top: axis }}
            data-testid="timeline-group"
            data-offset={group.offset}
          >
            <span className="timeline-dot" aria-hidden="true" />
            <span className="timeline-day">{dayLabel(group.offset, t)}</span>
            {group.level > 0 ? <span className="timeline-stem" style={{ height: group.level * LEVEL_PX }} aria-hidden="true" /> : null}
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
