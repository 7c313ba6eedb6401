import { useState, type FormEvent } from 'react';
import { ApiError, apiPost } from '../api-client.js';
import { decimalFromTyped } from '../format.js';
import { useI18n } from '../i18n.js';
import type { HandOffInput, Mandate, MandateActingAs, Partner } from '../mandate-types.js';
import type { MessageKey } from '../messages.js';
import { fieldMessageInWords } from '../spoken-codes.js';
import { useApi } from '../use-api.js';
import { FormField } from './form-field.js';
import { ErrorNotice } from './status-message.js';

const OUTSIDE = 'outside';

/** The request fields the form shows, each beside its control; an error on another field is said above the button. */
const FORM_FIELDS = ['agency_organization_id', 'partner_name', 'partner_email', 'acting_as', 'fee_percent', 'fee_fixed', 'ends_on', 'note'] as const;
type FormFieldName = (typeof FORM_FIELDS)[number];

function fieldOf(error: { field: string }): FormFieldName | null {
  return FORM_FIELDS.find((field) => error.field === field || error.field.startsWith(`${field}.`)) ?? null;
}

/**
 * What to do about each field when the server refuses it for a reason of the domain (a
 * percentage out of range, an address that is not one): the server's own sentence names the
 * field by its code, so the form says it in words instead.
 */
const REFUSED: Record<FormFieldName, MessageKey> = {
  agency_organization_id: 'mandates.refused.agency',
  partner_name: 'mandates.refused.partnerName',
  partner_email: 'mandates.refused.partnerEmail',
  acting_as: 'mandates.refused.actingAs',
  fee_percent: 'mandates.refused.feePercent',
  fee_fixed: 'mandates.refused.feeFixed',
  ends_on: 'mandates.refused.endsOn',
  note: 'mandates.refused.note',
};

/**
 * Hands the customer's case to an agency on this instance or to an outside partner by email,
 * with the terms of the mandate. The server checks everything; its refusals are said in words
 * under the field they name.
 */
export function MandateHandOffForm({ customerPath, currency, onHanded }: { customerPath: string; currency: string; onHanded(mandate: Mandate): void }) {
  const i18n = useI18n();
  const { t, language } = i18n;
  const partners = useApi<{ items: Partner[] }>('/api/partners');
  const agencies = partners.data?.items ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  // Until a partner is chosen, the first agency is offered; with none, the outside partner.
  const partner = chosen ?? (partners.data ? (agencies[0]?.id ?? OUTSIDE) : '');
  const [partnerName, setPartnerName] = useState('');
  const [partnerEmail, setPartnerEmail] = useState('');
  const [actingAs, setActingAs] = useState<MandateActingAs>('creditor');
  const [feePercent, setFeePercent] = useState('');
  const [feeFixed, setFeeFixed] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const [local, setLocal] = useState<{ field: FormFieldName; message: string } | null>(null);

  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const placed = fieldErrors.filter((error) => fieldOf(error) !== null);
  const errorOf = (field: FormFieldName) => [
    ...(local?.field === field ? [local.message] : []),
    // The validator's messages ("must be integer") FormField words by the field's label; the others are said here.
    ...fieldErrors
      .filter((error) => fieldOf(error) === field)
      .map((error) => (fieldMessageInWords(error.message, field, i18n) !== error.message ? error.message : t(REFUSED[field], { currency }))),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (feePercent.trim() === '') return setLocal({ field: 'fee_percent', message: t('mandates.form.feePercentRequired') });
    setLocal(null);
    const outside = partner === OUTSIDE;
    const body: HandOffInput = {
      ...(outside ? { partner_name: partnerName.trim(), partner_email: partnerEmail.trim() } : { agency_organization_id: partner }),
      acting_as: actingAs,
      fee_percent: decimalFromTyped(feePercent),
      ...(feeFixed.trim() === '' ? {} : { fee_fixed: { amount: decimalFromTyped(feeFixed), currency } }),
      ends_on: endsOn === '' ? null : endsOn,
      note: note.trim() === '' ? null : note.trim(),
    };
    setBusy(true);
    try {
      onHanded(await apiPost<Mandate>(`${customerPath}/mandates`, body));
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="mandate-form" onSubmit={submit} noValidate aria-labelledby="mandate-form-title" data-testid="mandate-form">
      <h3 id="mandate-form-title" className="subheading">
        {t('mandates.form.title')}
      </h3>
      {partners.state === 'failed' ? <ErrorNotice error={partners.error} onRetry={partners.reload} /> : null}
      {partners.data && agencies.length === 0 ? <p className="muted">{t('mandates.form.noPartners')}</p> : null}
      <div className="mandate-fields">
        <FormField id="mandate-partner" label={t('mandates.form.partner')} help={t('mandates.form.partnerHelp')} errors={errorOf('agency_organization_id')}>
          <select id="mandate-partner" value={partner} onChange={(event) => setChosen(event.target.value)}>
            {agencies.map((agency) => (
              <option key={agency.id} value={agency.id}>
                {agency.name}
              </option>
            ))}
            <option value={OUTSIDE}>{t('mandates.form.outside')}</option>
          </select>
        </FormField>
        <FormField id="mandate-acting-as" label={t('mandates.form.actingAs')} errors={errorOf('acting_as')}>
          <select id="mandate-acting-as" value={actingAs} onChange={(event) => setActingAs(event.target.value as MandateActingAs)}>
            <option value="creditor">{t('mandates.form.actingAs.creditor')}</option>
            <option value="agency">{t('mandates.form.actingAs.agency')}</option>
          </select>
        </FormField>
      </div>
      {partner === OUTSIDE ? (
        <div className="mandate-fields">
          <FormField id="mandate-partner-name" label={t('mandates.form.partnerName')} errors={errorOf('partner_name')}>
            <input id="mandate-partner-name" type="text" maxLength={200} placeholder={t('mandates.form.partnerNamePlaceholder')} value={partnerName} onChange={(event) => setPartnerName(event.target.value)} />
          </FormField>
          <FormField id="mandate-partner-email" label={t('mandates.form.partnerEmail')} errors={errorOf('partner_email')}>
            <input id="mandate-partner-email" type="email" maxLength={254} value={partnerEmail} onChange={(event) => setPartnerEmail(event.target.value)} />
          </FormField>
        </div>
      ) : null}
      <div className="mandate-fields">
        <FormField id="mandate-fee-percent" label={t('mandates.form.feePercent')} help={t('mandates.form.feePercentHelp')} errors={errorOf('fee_percent')}>
          <input
            id="mandate-fee-percent"
            type="text"
            inputMode="decimal"
            value={feePercent}
            onChange={(event) => {
              setFeePercent(event.target.value);
              if (local?.field === 'fee_percent') setLocal(null);
            }}
          />
        </FormField>
        <FormField id="mandate-fee-fixed" label={t('mandates.form.feeFixed', { currency })} help={t('mandates.form.feeFixedHelp')} errors={errorOf('fee_fixed')}>
          <input id="mandate-fee-fixed" type="text" inputMode="decimal" value={feeFixed} onChange={(event) => setFeeFixed(event.target.value)} />
        </FormField>
        <FormField id="mandate-ends-on" label={t('mandates.form.endsOn')} help={t('mandates.form.endsOnHelp')} errors={errorOf('ends_on')}>
          <input id="mandate-ends-on" type="date" value={endsOn} onChange={(event) => setEndsOn(event.target.value)} />
        </FormField>
      </div>
      <FormField id="mandate-note" label={t('mandates.form.note')} errors={errorOf('note')}>
        <textarea id="mandate-note" rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </FormField>
      {failure && placed.length === 0 ? (
        failure instanceof ApiError && failure.status === 409 && !failure.problem.localized_detail ? (
          // The server says why in English (who owes nothing, who already holds the case); others read the reasons in their language.
          <p className="notice notice-error" role="alert" lang={language === 'en' && failure.problem.detail ? 'en' : language}>
            {language === 'en' && failure.problem.detail ? `${failure.problem.detail}.` : t('mandates.form.conflict')}
          </p>
        ) : (
          <ErrorNotice error={failure} />
        )
      ) : null}
      {failure && placed.length > 0 ? (
        <p className="notice notice-error" role="alert">
          {t('mandates.form.fixFields')}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy || partner === ''} data-testid="mandate-submit">
        {busy ? t('mandates.form.submitting') : t('mandates.form.submit')}
      </button>
    </form>
  );
}
