import type { ReactNode } from 'react';
import { useI18n } from '../i18n.js';
import { fieldMessageInWords } from '../spoken-codes.js';

/** A labelled form control with its help line and, under it, the API's errors for that field, in words. */
export function FormField({ id, label, help, errors, children }: { id: string; label: string; help?: string; errors: string[]; children: ReactNode }) {
  const i18n = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {help ? <p className="field-help">{help}</p> : null}
      {errors.length > 0 ? (
        <p className="field-error" data-testid="field-error">
          {errors.map((message) => fieldMessageInWords(message, label, i18n)).join(' ')}
        </p>
      ) : null}
    </div>
  );
}
