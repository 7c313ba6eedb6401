import '../handoff-partner-form.css';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, apiPut } from '../api-client.js';
import type { MoneyJson } from '../api-types.js';
import { decimalFromTyped } from '../format.js';
import { useI18n } from '../i18n.js';
import type { MandateActingAs, Partner } from '../mandate-types.js';
import type { MessageKey } from '../messages.js';
import { useApi } from '../use-api.js';
import { FormField } from './form-field.js';
import { ErrorNotice } from './status-message.js';

/** `handoff_partner` of `GET /api/settings/collection`: the agency the hand-off step hands a case to, and the terms; null: a task for a person. */
interface HandoffPartnerJson {
  agency_organization_id: string;
  acting_as: MandateActingAs;
  fee_percent: string;
  fee_fixed: MoneyJson;
  term_days: number | null;
}

interface SettingsJson {
  handoff_partner: HandoffPartnerJson | null;
  minimum_balance: MoneyJson;
}

const NOBODY = '';

/** The fields of `handoff_partner` the form shows, each with what to say under it when the server refuses it. */
const REFUSED = {
  agency_organization_id: 'mandates.refused.agency',
  acting_as: 'mandates.refused.actingAs',
  fee_percent: 'mandates.refused.feePercent',
  fee_fixed: 'mandates.refused.feeFixed',
  term_days: 'handoffPartner.refused.termDays',
} as const satisfies Record<string, MessageKey>;
type Field = keyof typeof REFUSED;

function fieldOf(error: { field: string }): Field | null {
  const inner = error.field.replace(/^handoff_partner\.?/, '');
  return (Object.keys(REFUSED) as Field[]).find((field) => inner === field || inner.startsWith(`${field}.`)) ?? null;
}

interface Draft {
  agency: string;
  actingAs: MandateActingAs;
  feePercent: string;
  feeFixed: string;
  termDays: string;
}

function draftOf(partner: HandoffPartnerJson | null): Draft {
  if (!partner) return { agency: NOBODY, actingAs: 'agency', feePercent: '', feeFixed: '', termDays: '' };
  return {
    agency: partner.agency_organization_id,
    actingAs: partner.acting_as,
    feePercent: partner.fee_percent,
    feeFixed: partner.fee_fixed.amount === '0.00' ? '' : partner.fee_fixed.amount,
    termDays: partner.term_days === null ? '' : String(partner.term_days),
  };
}

/** A whole number as typed goes as a number; anything else as typed, so the server names the field. */
function daysOf(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * The scenario's hand-off step: the agency on this instance it hands a case to by itself, in
 * whose name the agency writes, its fee and how long each mandate lasts; or nobody, and the
 * step leaves a task for a person. Saved on its own (`PUT /api/settings/collection` with
 * `handoff_partner` only); the server's refusals are said in words under their fields.
 */
export function HandoffPartnerForm({ canEdit }: { canEdit: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const settings = useApi<SettingsJson>('/api/settings/collection');
  const partners = useApi<{ items: Partner[] }>('/api/partners');
  const agencies = partners.data?.items ?? [];
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [feeMissing, setFeeMissing] = useState(false);

  useEffect(() => {
    if (settings.data) setDraft(draftOf(settings.data.handoff_partner));
  }, [settings.data]);

  const currency = settings.data?.minimum_balance.currency ?? '';
  const change = (patch: Partial<Draft>) => {
    setDraft((current) => (current ? { ...current, ...patch } : current));
    setSaved(null);
    if (patch.feePercent !== undefined) setFeeMissing(false);
  };
  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const placed = fieldErrors.filter((error) => fieldOf(error) !== null);
  const errorOf = (field: Field): string[] => [
    ...(field === 'fee_percent' && feeMissing ? [t('mandates.form.feePercentRequired')] : []),
    ...(placed.some((error) => fieldOf(error) === field) ? [t(REFUSED[field], { currency })] : []),
  ];

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft) return;
    setFailure(null);
    setSaved(null);
    const handing = draft.agency !== NOBODY;
    if (handing && draft.feePercent.trim() === '') return setFeeMissing(true);
    const body = handing
      ? {
          agency_organization_id: draft.agency,
          acting_as: draft.actingAs,
          fee_percent: decimalFromTyped(draft.feePercent),
          ...(draft.feeFixed.trim() === '' ? {} : { fee_fixed: { amount: decimalFromTyped(draft.feeFixed), currency } }),
          term_days: daysOf(draft.termDays),
        }
      : null;
    setBusy(true);
    try {
      const next = await apiPut<SettingsJson>('/api/settings/collection', { handoff_partner: body });
      setDraft(draftOf(next.handoff_partner));
      const name = agencies.find((agency) => agency.id === next.handoff_partner?.agency_organization_id)?.name;
      setSaved(name ? t('handoffPartner.savedTo', { partner: name }) : t('handoffPartner.savedNobody'));
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  if (settings.state === 'failed') return <ErrorNotice error={settings.error} onRetry={settings.reload} />;
  // The choice shows once the agencies are known, so a saved one is never shown as "nobody" meanwhile.
  if (!draft || (!partners.data && partners.state !== 'failed')) return null;
  const handing = draft.agency !== NOBODY;
  // A partner saved earlier that no longer works on this instance still shows, so the choice is not silently lost.
  const known = draft.agency === NOBODY || !partners.data || agencies.some((agency) => agency.id === draft.agency);
  return (
    <form className="panel settings-form handoff-partner-form" onSubmit={save} noValidate data-testid="handoff-partner-form">
      <fieldset disabled={!canEdit || busy}>
        <legend>{t('handoffPartner.title')}</legend>
        <p className="field-help">{t('handoffPartner.help')}</p>
        {partners.state === 'failed' ? <ErrorNotice error={partners.error} onRetry={partners.reload} /> : null}
        {partners.data && agencies.length === 0 ? <p className="muted">{t('handoffPartner.noAgencies')}</p> : null}
        <FormField id="handoff-partner" label={t('handoffPartner.partner')} errors={errorOf('agency_organization_id')}>
          <select id="handoff-partner" value={draft.agency} onChange={(event) => change({ agency: event.target.value })}>
            <option value={NOBODY}>{t('handoffPartner.nobody')}</option>
            {agencies.map((agency) => (
              <option key={agency.id} value={agency.id}>
                {agency.name}
              </option>
            ))}
            {known ? null : <option value={draft.agency}>{t('mandates.refused.agency')}</option>}
          </select>
        </FormField>
        {handing ? (
          <>
            <FormField id="handoff-acting-as" label={t('mandates.form.actingAs')} errors={errorOf('acting_as')}>
              <select id="handoff-acting-as" value={draft.actingAs} onChange={(event) => change({ actingAs: event.target.value as MandateActingAs })}>
                <option value="agency">{t('mandates.form.actingAs.agency')}</option>
                <option value="creditor">{t('mandates.form.actingAs.creditor')}</option>
              </select>
            </FormField>
            <FormField id="handoff-fee-percent" label={t('mandates.form.feePercent')} help={t('mandates.form.feePercentHelp')} errors={errorOf('fee_percent')}>
              <input id="handoff-fee-percent" type="text" inputMode="decimal" className="input-narrow" value={draft.feePercent} onChange={(event) => change({ feePercent: event.target.value })} />
            </FormField>
            <FormField id="handoff-fee-fixed" label={t('mandates.form.feeFixed', { currency })} help={t('mandates.form.feeFixedHelp')} errors={errorOf('fee_fixed')}>
              <input id="handoff-fee-fixed" type="text" inputMode="decimal" className="input-narrow" value={draft.feeFixed} onChange={(event) => change({ feeFixed: event.target.value })} />
            </FormField>
            <FormField id="handoff-term-days" label={t('handoffPartner.termDays')} help={t('handoffPartner.termDaysHelp')} errors={errorOf('term_days')}>
              <input id="handoff-term-days" type="text" inputMode="numeric" className="input-narrow" value={draft.termDays} onChange={(event) => change({ termDays: event.target.value })} />
            </FormField>
          </>
        ) : null}
      </fieldset>
      {failure && placed.length === 0 ? <ErrorNotice error={failure} /> : null}
      {failure && placed.length > 0 ? (
        <p className="notice notice-error" role="alert">
          {t('handoffPartner.fixFields')}
        </p>
      ) : null}
      {saved ? (
        <p className="notice notice-info" role="status" data-testid="handoff-partner-saved">
          {saved}
        </p>
      ) : null}
      {canEdit ? (
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('handoffPartner.save')}
        </button>
      ) : null}
    </form>
  );
}
