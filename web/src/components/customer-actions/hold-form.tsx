import { useState, type FormEvent } from 'react';
import { apiPost } from '../../api-client.js';
import { useI18n } from '../../i18n.js';
import { FormField } from '../form-field.js';
import { ActionFailure, dateInWords, errorsFor, FormButtons, useAction } from './action-kit.js';
import type { ActionFormProps } from './action-types.js';

/** A manual hold: no reminder leaves through its last day. */
export function HoldForm({ customerPath, today, onDone, onCancel }: ActionFormProps) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [local, setLocal] = useState<'reason' | 'until' | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setLocal('reason');
    if (!until || until < today) return setLocal('until');
    setLocal(null);
    await action.run(async () => {
      await apiPost(`${customerPath}/holds`, { reason: reason.trim(), until });
      onDone(t('actions.hold.done', { date: dateInWords(until, locale) }));
    });
  };
  return (
    <form className="action-form" onSubmit={submit} noValidate aria-labelledby="hold-form-title" data-testid="hold-form">
      <h3 id="hold-form-title" className="subheading">
        {t('actions.hold.title')}
      </h3>
      <FormField id="hold-reason" label={t('actions.hold.reason')} errors={local === 'reason' ? [t('actions.hold.reasonError')] : errorsFor(action.failure, 'reason', t('actions.hold.reasonError'))}>
        <input id="hold-reason" type="text" maxLength={500} required value={reason} onChange={(event) => setReason(event.target.value)} />
      </FormField>
      <FormField id="hold-until" label={t('actions.hold.until')} help={t('actions.hold.untilHelp')} errors={local === 'until' ? [t('actions.hold.untilError')] : errorsFor(action.failure, 'until', t('actions.hold.untilError'))}>
        <input id="hold-until" type="date" min={today} required value={until} onChange={(event) => setUntil(event.target.value)} />
      </FormField>
      <ActionFailure failure={action.failure} fields={['reason', 'until']} />
      <FormButtons busy={action.busy} submit={t('actions.hold.submit')} onCancel={onCancel} />
    </form>
  );
}
