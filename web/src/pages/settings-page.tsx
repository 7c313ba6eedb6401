import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, apiPut } from '../api-client.js';
import type { MoneyJson, Session } from '../api-types.js';
import type { Scenario } from '../collection-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { decimalFromTyped } from '../format.js';
import { FormField } from '../components/form-field.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../use-api.js';
import { BankDetailsForm } from './bank-details-form.js';
import { BankAccountsSection } from './bank-accounts-section.js';
import { PaymentReferenceForm } from './payment-reference-form.js';
import { DebtorPageSettingsForm } from './debtor-page-settings-form.js';
import { SettingsNav } from './setup/setup-common.js';
import { useDocumentTitle } from '../use-document-title.js';
import { PortalCodeSettingForm } from '../components/portal-code-setting-form.js';
import { HandoffPartnerForm } from '../components/handoff-partner-form.js';

/** `GET /api/settings/collection`, as the API sends it. */
interface CollectionSettingsJson {
  minimum_balance: MoneyJson;
  minimum_gap_days: number;
  business_hours: { start: string; end: string };
  daily_run_time: string;
  thank_you_enabled: boolean;
  attach_statement: boolean;
  default_scenario_id: string;
  sender_name: string | null;
  sender_email: string | null;
  sender_phone: string | null;
  reply_to: string | null;
  agency_name: string | null;
  agency_email: string | null;
  agency_phone: string | null;
  handoff_minimum: MoneyJson;
  formal_notice_min_reminders: number;
  /** null: every step that needs approval asks for it, whatever the balance. */
  approval_threshold: MoneyJson | null;
  rejection_hold_days: number;
}

/** The form's working copy: what is typed, as typed. */
interface SettingsDraft {
  minimumBalance: string;
  minimumGapDays: string;
  hoursStart: string;
  hoursEnd: string;
  dailyRunTime: string;
  thankYou: boolean;
  attachStatement: boolean;
  defaultScenario: string;
  senderName: string;
  senderEmail: string;
  senderPhone: string;
  replyTo: string;
  agencyName: string;
  agencyEmail: string;
  agencyPhone: string;
  handoffMinimum: string;
  formalNoticeMinReminders: string;
  approvalAlways: boolean;
  approvalThreshold: string;
  rejectionHoldDays: string;
}

function draftOf(settings: CollectionSettingsJson): SettingsDraft {
  return {
    minimumBalance: settings.minimum_balance.amount,
    minimumGapDays: String(settings.minimum_gap_days),
    hoursStart: settings.business_hours.start,
    hoursEnd: settings.business_hours.end,
    dailyRunTime: settings.daily_run_time,
    thankYou: settings.thank_you_enabled,
    attachStatement: settings.attach_statement,
    defaultScenario: settings.default_scenario_id,
    senderName: settings.sender_name ?? '',
    senderEmail: settings.sender_email ?? '',
    senderPhone: settings.sender_phone ?? '',
    replyTo: settings.reply_to ?? '',
    agencyName: settings.agency_name ?? '',
    agencyEmail: settings.agency_email ?? '',
    agencyPhone: settings.agency_phone ?? '',
    handoffMinimum: settings.handoff_minimum.amount,
    formalNoticeMinReminders: String(settings.formal_notice_min_reminders),
    approvalAlways: settings.approval_threshold === null,
    approvalThreshold: settings.approval_threshold?.amount ?? '',
    rejectionHoldDays: String(settings.rejection_hold_days),
  };
}

/** A whole number as typed goes as a number; anything else goes as typed, so the API names its field. */
function integerOf(text: string): number | string {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The body of `PUT /api/settings/collection`: a number typed wrong goes as typed, so the API names its field. */
function bodyOf(draft: SettingsDraft, currency: string) {
  return {
    minimum_balance: { amount: decimalFromTyped(draft.minimumBalance), currency },
    minimum_gap_days: integerOf(draft.minimumGapDays),
    business_hours: { start: draft.hoursStart, end: draft.hoursEnd },
    daily_run_time: draft.dailyRunTime,
    thank_you_enabled: draft.thankYou,
    attach_statement: draft.attachStatement,
    default_scenario_id: draft.defaultScenario,
    sender_name: draft.senderName.trim() || null,
    sender_email: draft.senderEmail.trim() || null,
    sender_phone: draft.senderPhone.trim() || null,
    reply_to: draft.replyTo.trim() || null,
    agency_name: draft.agencyName.trim() || null,
    agency_email: draft.agencyEmail.trim() || null,
    agency_phone: draft.agencyPhone.trim() || null,
    handoff_minimum: { amount: decimalFromTyped(draft.handoffMinimum), currency },
    formal_notice_min_reminders: integerOf(draft.formalNoticeMinReminders),
    approval_threshold: draft.approvalAlways ? null : { amount: decimalFromTyped(draft.approvalThreshold), currency },
    rejection_hold_days: integerOf(draft.rejectionHoldDays),
  };
}

/**
 * The collection settings of the organization: when and how much the run reminds, and who
 * signs. Administrators and collectors change them; the others read them.
 */
export function SettingsPage() {
  const { t, language } = useI18n();
  useDocumentTitle(t('settings.title'));
  const settings = useApi<CollectionSettingsJson>('/api/settings/collection');
  const scenarios = useApi<{ items: Scenario[] }>('/api/scenarios');
  const me = useApi<Session>('/api/me');
  const canEdit = me.data?.user?.role === 'admin' || me.data?.user?.role === 'collector';
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);

  useEffect(() => {
    if (settings.data) setDraft(draftOf(settings.data));
  }, [settings.data]);

  const change = (patch: Partial<SettingsDraft>) => {
    setDraft((current) => (current ? { ...current, ...patch } : current));
    setSaved(false);
  };
  const fieldErrors = failure instanceof ApiError ? (failure.problem.errors ?? []) : [];
  const errorOf = (...fields: string[]) => fieldErrors.filter((error) => fields.includes(error.field)).map((error) => error.message);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft || !settings.data) return;
    setSaving(true);
    setFailure(null);
    try {
      const next = await apiPut<CollectionSettingsJson>('/api/settings/collection', bodyOf(draft, settings.data.minimum_balance.currency));
      setDraft(draftOf(next));
      setSaved(true);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{t('settings.title')}</h1>
      </div>
      <SettingsNav />
      {settings.state === 'failed' ? <ErrorNotice error={settings.error} onRetry={settings.reload} /> : null}
      {!draft ? <Loading /> : null}
      {draft && settings.data ? (
        <form className="panel settings-form" onSubmit={save} aria-describedby={canEdit ? undefined : 'settings-read-only'}>
          {!canEdit && me.data ? (
            <p className="notice notice-info" id="settings-read-only">
              {t('settings.readOnly')}
            </p>
          ) : null}
          <fieldset disabled={!canEdit || saving}>
            <legend>{t('settings.reminders')}</legend>
            <FormField id="minimum-balance" label={t('settings.minimumBalance')} help={t('settings.minimumBalanceHelp')} errors={errorOf('minimum_balance', 'minimum_balance.amount')}>
              <span className="money-input">
                <input id="minimum-balance" inputMode="decimal" className="input-narrow" value={draft.minimumBalance} onChange={(e) => change({ minimumBalance: e.target.value })} />
                <span className="money-currency">{settings.data.minimum_balance.currency}</span>
              </span>
            </FormField>
            <FormField id="minimum-gap" label={t('settings.minimumGap')} help={t('settings.minimumGapHelp')} errors={errorOf('minimum_gap_days')}>
              <input id="minimum-gap" inputMode="numeric" className="input-narrow" value={draft.minimumGapDays} onChange={(e) => change({ minimumGapDays: e.target.value })} />
            </FormField>
            <FormField id="hours-start" label={t('settings.businessHours')} help={t('settings.businessHoursHelp')} errors={errorOf('business_hours', 'business_hours.start', 'business_hours.end')}>
              <span className="inline-form">
                <input id="hours-start" type="time" aria-label={t('settings.hoursStart')} value={draft.hoursStart} onChange={(e) => change({ hoursStart: e.target.value })} />
                <span aria-hidden="true">–</span>
                <input id="hours-end" type="time" aria-label={t('settings.hoursEnd')} value={draft.hoursEnd} onChange={(e) => change({ hoursEnd: e.target.value })} />
              </span>
            </FormField>
            <FormField id="daily-run" label={t('settings.dailyRun')} help={t('settings.dailyRunHelp')} errors={errorOf('daily_run_time')}>
              <input id="daily-run" type="time" value={draft.dailyRunTime} onChange={(e) => change({ dailyRunTime: e.target.value })} />
            </FormField>
            <FormField id="default-scenario" label={t('settings.defaultScenario')} errors={errorOf('default_scenario_id')}>
              <select id="default-scenario" value={draft.defaultScenario} onChange={(e) => change({ defaultScenario: e.target.value })}>
                {(scenarios.data?.items ?? [{ id: draft.defaultScenario, name: { fr: draft.defaultScenario, en: draft.defaultScenario } }]).map((scenario) => (
                  <option key={scenario.id} value={scenario.id}>
                    {scenario.name[language] ?? scenario.id}
                  </option>
                ))}
              </select>
            </FormField>
            <label className="check">
              <input type="checkbox" checked={draft.thankYou} onChange={(e) => change({ thankYou: e.target.checked })} />
              {t('settings.thankYou')}
            </label>
            <label className="check">
              <input type="checkbox" checked={draft.attachStatement} onChange={(e) => change({ attachStatement: e.target.checked })} />
              {t('settings.attachStatement')}
            </label>
          </fieldset>
          <fieldset disabled={!canEdit || saving}>
            <legend>{t('settings.escalation')}</legend>
            <FormField id="formal-notice-reminders" label={t('settings.formalNoticeMinReminders')} help={t('settings.formalNoticeMinRemindersHelp')} errors={errorOf('formal_notice_min_reminders')}>
              <input id="formal-notice-reminders" inputMode="numeric" className="input-narrow" value={draft.formalNoticeMinReminders} onChange={(e) => change({ formalNoticeMinReminders: e.target.value })} />
            </FormField>
            <FormField id="handoff-minimum" label={t('settings.handoffMinimum')} help={t('settings.handoffMinimumHelp')} errors={errorOf('handoff_minimum', 'handoff_minimum.amount', 'handoff_minimum.currency')}>
              <span className="money-input">
                <input id="handoff-minimum" inputMode="decimal" className="input-narrow" value={draft.handoffMinimum} onChange={(e) => change({ handoffMinimum: e.target.value })} />
                <span className="money-currency">{settings.data.handoff_minimum.currency}</span>
              </span>
            </FormField>
            <FormField id="approval-threshold" label={t('settings.approvalThreshold')} help={t('settings.approvalThresholdHelp')} errors={errorOf('approval_threshold', 'approval_threshold.amount', 'approval_threshold.currency')}>
              <span className="money-input">
                <input
                  id="approval-threshold"
                  inputMode="decimal"
                  className="input-narrow"
                  disabled={draft.approvalAlways}
                  value={draft.approvalAlways ? '' : draft.approvalThreshold}
                  onChange={(e) => change({ approvalThreshold: e.target.value })}
                />
                <span className="money-currency">{settings.data.minimum_balance.currency}</span>
              </span>
              <label className="check">
                <input type="checkbox" checked={draft.approvalAlways} onChange={(e) => change({ approvalAlways: e.target.checked })} />
                {t('settings.approvalAlways')}
              </label>
            </FormField>
            <FormField id="rejection-hold" label={t('settings.rejectionHoldDays')} help={t('settings.rejectionHoldDaysHelp')} errors={errorOf('rejection_hold_days')}>
              <input id="rejection-hold" inputMode="numeric" className="input-narrow" value={draft.rejectionHoldDays} onChange={(e) => change({ rejectionHoldDays: e.target.value })} />
            </FormField>
          </fieldset>
          <fieldset disabled={!canEdit || saving}>
            <legend>{t('settings.sender')}</legend>
            <p className="field-help">{t('settings.senderHelp')}</p>
            <FormField id="sender-name" label={t('settings.senderName')} errors={errorOf('sender_name')}>
              <input id="sender-name" value={draft.senderName} placeholder={t('settings.senderNamePlaceholder')} onChange={(e) => change({ senderName: e.target.value })} />
            </FormField>
            <FormField id="sender-email" label={t('settings.senderEmail')} errors={errorOf('sender_email')}>
              <input id="sender-email" type="email" value={draft.senderEmail} onChange={(e) => change({ senderEmail: e.target.value })} />
            </FormField>
            <FormField id="sender-phone" label={t('settings.senderPhone')} errors={errorOf('sender_phone')}>
              <input id="sender-phone" type="tel" value={draft.senderPhone} onChange={(e) => change({ senderPhone: e.target.value })} />
            </FormField>
            <FormField id="reply-to" label={t('settings.replyTo')} errors={errorOf('reply_to')}>
              <input id="reply-to" type="email" value={draft.replyTo} onChange={(e) => change({ replyTo: e.target.value })} />
            </FormField>
          </fieldset>
          <fieldset disabled={!canEdit || saving}>
            <legend>{t('settings.agency')}</legend>
            <p className="field-help">{t('settings.agencyHelp')}</p>
            <FormField id="agency-name" label={t('settings.agencyName')} errors={errorOf('agency_name')}>
              <input id="agency-name" value={draft.agencyName} onChange={(e) => change({ agencyName: e.target.value })} />
            </FormField>
            <FormField id="agency-email" label={t('settings.agencyEmail')} errors={errorOf('agency_email')}>
              <input id="agency-email" type="email" value={draft.agencyEmail} onChange={(e) => change({ agencyEmail: e.target.value })} />
            </FormField>
            <FormField id="agency-phone" label={t('settings.agencyPhone')} errors={errorOf('agency_phone')}>
              <input id="agency-phone" type="tel" value={draft.agencyPhone} onChange={(e) => change({ agencyPhone: e.target.value })} />
            </FormField>
          </fieldset>
          {failure && fieldErrors.length === 0 ? <ErrorNotice error={failure} /> : null}
          {failure && fieldErrors.length > 0 ? (
            <p className="notice notice-error" role="alert">
              {t('settings.fixFields')}
            </p>
          ) : null}
          {saved ? (
            <p className="notice notice-info" role="status" data-testid="settings-saved">
              {t('settings.saved')}
            </p>
          ) : null}
          {canEdit ? (
            <button type="submit" className="button button-primary" disabled={saving}>
              {t('settings.save')}
            </button>
          ) : null}
        </form>
      ) : null}
      {draft && me.data && me.data.organization.kind !== 'agency' ? <HandoffPartnerForm canEdit={canEdit} /> : null}
      {draft ? <BankDetailsForm canEdit={me.data?.user?.role === 'admin'} /> : null}
      {draft ? <BankAccountsSection canEdit={me.data?.user?.role === 'admin'} /> : null}
      {draft ? <PaymentReferenceForm canEdit={me.data?.user?.role === 'admin'} /> : null}
      {draft ? <DebtorPageSettingsForm canEdit={me.data?.user?.role === 'admin'} /> : null}
      {draft ? <PortalCodeSettingForm canEdit={me.data?.user?.role === 'admin'} /> : null}
    </main>
  );
}
