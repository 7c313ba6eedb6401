import type { ReactNode } from 'react';

/** One headline figure: a label, the value, and a line of context under it. */
export function FigureCard({ label, value, note, tone, testId }: {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  tone?: 'neutral' | 'warning';
  testId?: string;
}) {
  return (
    <div className={`figure-card${tone === 'warning' ? ' figure-card-warning' : ''}`} data-testid={testId}>
      <dt className="figure-label">{label}</dt>
      <dd className="figure-value">{value}</dd>
      {note ? <dd className="figure-note">{note}</dd> : null}
    </div>
  );
}
