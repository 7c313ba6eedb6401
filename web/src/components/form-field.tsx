import type { ReactNode } from 'react';

/** A labelled form control with its help line and, under it, the API's errors for that field. */
export function FormField({ id, label, help, errors, children }: { id: string; label: string; help?: string; errors: string[]; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {help ? <p className="field-help">{help}</p> : null}
      {errors.length > 0 ? (
        <p className="field-error" data-testid="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
