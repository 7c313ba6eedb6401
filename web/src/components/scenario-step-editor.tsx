import { useState } from 'react';
import type { Template } from '../collection-types.js';
import { translateOptional, useI18n } from '../i18n.js';
import { CHANNELS, MESSAGE_LANGUAGES, RISK_LEVELS, SENDERS, offsetOf, type StepDraft, type StepSlot } from './scenario-draft.js';
import { dayLabel } from './scenario-timeline.js';
import { fieldMessageInWords } from '../spoken-codes.js';

type SlotErrors = Partial<Record<StepSlot, string[]>>;

/** The API's words about one input, in the reader's language, tied to it for screen readers by `aria-describedby`. */
function FieldError({ id, messages }: { id: string; messages: string[] | undefined }) {
  const i18n = useI18n();
  if (!messages || messages.length === 0) return null;
  return (
    <p className="field-error" id={id} data-testid="field-error">
      {messages.map((message) => fieldMessageInWords(message, i18n.t('problem.thisField'), i18n)).join(' ')}
    </p>
  );
}

function invalidProps(id: string, messages: string[] | undefined) {
  return messages && messages.length > 0 ? { 'aria-invalid': true, 'aria-describedby': id } : {};
}

interface SegmentChoiceProps {
  chosen: readonly string[];
  known: readonly string[];
  inputId: string;
  errorId: string;
  errors: string[] | undefined;
  onChange(segments: string[]): void;
}

/**
 * The segments a step is limited to: one box per segment in use (and per segment already
 * chosen), and a field for one no customer is in yet. Whole names, so "Retail, North" is one.
 */
function SegmentChoice({ chosen, known, inputId, errorId, errors, onChange }: SegmentChoiceProps) {
  const { t, locale } = useI18n();
  const [typed, setTyped] = useState('');
  const offered = [...new Set([...known, ...chosen])].sort((a, b) => a.localeCompare(b, locale));
  const add = () => {
    const segment = typed.trim();
    if (segment !== '' && !chosen.includes(segment)) onChange([...chosen, segment]);
    setTyped('');
  };
  return (
    <fieldset className="field step-editor-segments" {...invalidProps(errorId, errors)}>
      <legend>{t('scenarioEditor.segments')}</legend>
      <div className="step-editor-checks">
        {offered.map((segment) => (
          <label className="check" key={segment}>
            <input
              type="checkbox"
              checked={chosen.includes(segment)}
              onChange={(event) => onChange(event.target.checked ? [...chosen, segment] : chosen.filter((other) => other !== segment))}
            />
            {segment}
          </label>
        ))}
      </div>
      <span className="inline-form">
        <label htmlFor={inputId} className="visually-hidden">
          {t('scenarioEditor.newSegment')}
        </label>
        <input
          id={inputId}
          value={typed}
          placeholder={t('scenarioEditor.newSegment')}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button button-secondary button-small" onClick={add} disabled={typed.trim() === ''}>
          {t('scenarioEditor.addSegment')}
        </button>
      </span>
      <FieldError id={errorId} messages={errors} />
    </fieldset>
  );
}

export interface StepEditorProps {
  draft: StepDraft;
  errors: SlotErrors | undefined;
  /** Message templates (not shared blocks) from `GET /api/templates`. */
  templates: readonly Template[];
  currency: string;
  /** The segments customers are in (`GET /api/customers/segments`), offered as choices. */
  knownSegments: readonly string[];
  autoFocus: boolean;
  onChange(patch: Partial<StepDraft>, slot: StepSlot): void;
  /** The day was typed: the list takes its new place. */
  onOffsetDone(): void;
  onRemove(): void;
}

/** Every field of one step of a scenario, each with the API's complaint about it, if any. */
export function ScenarioStepEditor({ draft, errors, templates, currency, knownSegments, autoFocus, onChange, onOffsetDone, onRemove }: StepEditorProps) {
  const { t, language } = useI18n();
  const name = draft.name[language] || draft.name[language === 'fr' ? 'en' : 'fr'] || t('scenarioEditor.newStep');
  const offset = offsetOf(draft);
  const id = (slot: string) => `${draft.key}-${slot}`;
  const errorId = (slot: StepSlot) => `${draft.key}-${slot}-error`;
  const templateIdsIn = (messageLanguage: string) => {
    const ids = templates.filter((template) => template.language === messageLanguage).map((template) => template.template);
    // A template the list does not know still shows, so that saving keeps it.
    const current = draft.templates[messageLanguage as keyof StepDraft['templates']];
    return current && !ids.includes(current) ? [current, ...ids] : ids;
  };
  const chooseTemplate = (messageLanguage: (typeof MESSAGE_LANGUAGES)[number], templateId: string) => {
    const next = { ...draft.templates, [messageLanguage]: templateId };
    // Most templates exist in every language under one id: fill the languages still empty.
    for (const other of MESSAGE_LANGUAGES) {
      if (next[other] === '' && templates.some((template) => template.template === templateId && template.language === other)) next[other] = templateId;
    }
    onChange({ templates: next }, `template-${messageLanguage}`);
  };

  return (
    <fieldset className="step-editor" data-testid="editor-step" data-step={draft.id || draft.key} aria-labelledby={id('legend')}>
      <div className="step-editor-heading">
        <h3 id={id('legend')}>
          <span className="step-editor-day">{offset === null ? '—' : dayLabel(offset, t)}</span> {name}
        </h3>
        <button type="button" className="button button-secondary button-small" aria-label={t('scenarioEditor.removeOf', { name })} onClick={onRemove}>
          {t('scenarioEditor.remove')}
        </button>
      </div>
      <FieldError id={errorId('step')} messages={errors?.step} />

      <div className="step-editor-grid">
        <div className="field">
          <label htmlFor={id('offset')}>{t('scenarioEditor.offset')}</label>
          <input
            id={id('offset')}
            type="number"
            step={1}
            className="input-narrow"
            aria-label={t('scenarioEditor.offsetOf', { name })}
            value={draft.offset}
            onChange={(event) => onChange({ offset: event.target.value }, 'offset')}
            onBlur={onOffsetDone}
            onKeyDown={(event) => {
              if (event.key === 'Enter') onOffsetDone();
            }}
            {...invalidProps(errorId('offset'), errors?.offset)}
          />
          <span className="field-help">{t('scenarioEditor.offsetHelp')}</span>
          <FieldError id={errorId('offset')} messages={errors?.offset} />
        </div>
        <div className="field">
          <label htmlFor={id('channel')}>{t('scenarioEditor.channel')}</label>
          <select
            id={id('channel')}
            aria-label={t('scenarioEditor.channelOf', { name })}
            value={draft.channel}
            onChange={(event) => onChange({ channel: event.target.value }, 'channel')}
            {...invalidProps(errorId('channel'), errors?.channel)}
          >
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {translateOptional(t, `channel.${channel}`, channel)}
              </option>
            ))}
          </select>
          <FieldError id={errorId('channel')} messages={errors?.channel} />
        </div>
        <div className="field">
          <label htmlFor={id('sender')}>{t('scenarioEditor.sender')}</label>
          <select id={id('sender')} value={draft.sender} onChange={(event) => onChange({ sender: event.target.value }, 'sender')} {...invalidProps(errorId('sender'), errors?.sender)}>
            {SENDERS.map((sender) => (
              <option key={sender} value={sender}>
                {translateOptional(t, `scenarioEditor.sender.${sender}`, sender)}
              </option>
            ))}
          </select>
          <FieldError id={errorId('sender')} messages={errors?.sender} />
        </div>
        <div className="field">
          <label htmlFor={id('name-fr')}>{t('scenarioEditor.nameFr')}</label>
          <input
            id={id('name-fr')}
            lang="fr"
            autoFocus={autoFocus}
            value={draft.name.fr}
            onChange={(event) => onChange({ name: { ...draft.name, fr: event.target.value } }, 'nameFr')}
            {...invalidProps(errorId('nameFr'), errors?.nameFr)}
          />
          <FieldError id={errorId('nameFr')} messages={errors?.nameFr} />
        </div>
        <div className="field">
          <label htmlFor={id('name-en')}>{t('scenarioEditor.nameEn')}</label>
          <input
            id={id('name-en')}
            lang="en"
            value={draft.name.en}
            onChange={(event) => onChange({ name: { ...draft.name, en: event.target.value } }, 'nameEn')}
            {...invalidProps(errorId('nameEn'), errors?.nameEn)}
          />
          <FieldError id={errorId('nameEn')} messages={errors?.nameEn} />
        </div>
        <div className="field">
          <label htmlFor={id('notify')}>{t('scenarioEditor.notifyOwner')}</label>
          <input
            id={id('notify')}
            type="number"
            step={1}
            min={0}
            className="input-narrow"
            value={draft.notifyOwnerBeforeDays}
            onChange={(event) => onChange({ notifyOwnerBeforeDays: event.target.value }, 'notify')}
            {...invalidProps(errorId('notify'), errors?.notify)}
          />
          <FieldError id={errorId('notify')} messages={errors?.notify} />
        </div>
        <div className="step-editor-checks">
          <label className="check">
            <input
              type="checkbox"
              aria-label={t('scenarioEditor.approvalOf', { name })}
              checked={draft.requiresApproval}
              onChange={(event) => onChange({ requiresApproval: event.target.checked }, 'approval')}
            />
            {t('scenarios.approval')}
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.statesLateFees} onChange={(event) => onChange({ statesLateFees: event.target.checked }, 'lateFees')} />
            {t('scenarios.lateFees')}
          </label>
          <FieldError id={errorId('approval')} messages={errors?.approval} />
          <FieldError id={errorId('lateFees')} messages={errors?.lateFees} />
        </div>
      </div>

      <fieldset className="step-editor-group">
        <legend>{t('scenarioEditor.templates')}</legend>
        <FieldError id={errorId('templates')} messages={errors?.templates} />
        <div className="step-editor-grid">
          {MESSAGE_LANGUAGES.map((messageLanguage) => {
            const slot = `template-${messageLanguage}` as const;
            return (
              <div className="field" key={messageLanguage}>
                <label htmlFor={id(slot)}>{t(`language.${messageLanguage}`)}</label>
                <select id={id(slot)} value={draft.templates[messageLanguage]} onChange={(event) => chooseTemplate(messageLanguage, event.target.value)} {...invalidProps(errorId(slot), errors?.[slot])}>
                  <option value="">{t('scenarioEditor.chooseTemplate')}</option>
                  {templateIdsIn(messageLanguage).map((templateId) => (
                    <option key={templateId} value={templateId}>
                      {templateId}
                    </option>
                  ))}
                </select>
                <FieldError id={errorId(slot)} messages={errors?.[slot]} />
              </div>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="step-editor-group">
        <legend>{t('scenarioEditor.conditions')}</legend>
        <p className="field-help">{t('scenarioEditor.conditionsHelp')}</p>
        <div className="step-editor-grid">
          <div className="field">
            <label htmlFor={id('min-balance')}>{t('scenarioEditor.minBalance')}</label>
            <span className="money-input">
              <input
                id={id('min-balance')}
                inputMode="decimal"
                className="input-narrow"
                placeholder="0.00"
                value={draft.minBalance}
                onChange={(event) => onChange({ minBalance: event.target.value }, 'minBalance')}
                {...invalidProps(errorId('minBalance'), errors?.minBalance)}
              />
              <span className="money-currency">{currency}</span>
            </span>
            <FieldError id={errorId('minBalance')} messages={errors?.minBalance} />
          </div>
          <SegmentChoice
            chosen={draft.segments}
            known={knownSegments}
            inputId={id('new-segment')}
            errorId={errorId('segments')}
            errors={errors?.segments}
            onChange={(segments) => onChange({ segments }, 'segments')}
          />
          <fieldset className="field step-editor-risks" {...invalidProps(errorId('riskLevels'), errors?.riskLevels)}>
            <legend>{t('scenarioEditor.riskLevels')}</legend>
            <div className="step-editor-checks">
              {RISK_LEVELS.map((level) => (
                <label className="check" key={level}>
                  <input
                    type="checkbox"
                    checked={draft.riskLevels.includes(level)}
                    onChange={(event) =>
                      onChange({ riskLevels: event.target.checked ? [...draft.riskLevels, level] : draft.riskLevels.filter((chosen) => chosen !== level) }, 'riskLevels')
                    }
                  />
                  {t(`risk.${level}`)}
                </label>
              ))}
            </div>
            <FieldError id={errorId('riskLevels')} messages={errors?.riskLevels} />
          </fieldset>
        </div>
      </fieldset>
    </fieldset>
  );
}
