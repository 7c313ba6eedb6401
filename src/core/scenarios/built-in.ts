import type { Bilingual, Channel, Scenario, ScenarioStep, SenderIdentity } from './scenario.js';

// The same scenarios as the YAML files in `scenarios/` (a test keeps them identical), as data
// the pure core can use without reading a file.

interface StepSpec {
  id: string;
  name: Bilingual;
  offsetDays: number;
  channel: Channel;
  template: string;
  sender: SenderIdentity;
  requiresApproval?: boolean;
  statesLateFees?: boolean;
  notifyOwnerBeforeDays?: number;
  /** The step applies only from this overdue balance (minor units). */
  minBalanceMinor?: number;
}

function step(spec: StepSpec): ScenarioStep {
  const { template, minBalanceMinor, ...rest } = spec;
  return {
    ...rest,
    templates: { fr: template, en: template, nl: template, de: template },
    conditions: { minBalanceMinor: minBalanceMinor ?? 0, segments: [], riskLevels: [] },
    requiresApproval: spec.requiresApproval ?? false,
    statesLateFees: spec.statesLateFees ?? false,
    notifyOwnerBeforeDays: spec.notifyOwnerBeforeDays ?? 0,
  };
}

const FRIENDLY_PRE_DUE = { fr: 'Rappel amical avant échéance', en: 'Friendly pre-due reminder' };
const COURTEOUS = { fr: 'Relance courtoise', en: 'Courteous reminder' };
const PHONE_CALL = { fr: 'Appel téléphonique', en: 'Phone call' };
const FIRM = { fr: 'Relance ferme', en: 'Firm reminder' };
const FORMAL_NOTICE = { fr: 'Mise en demeure', en: 'Formal notice' };
const HANDOFF = { fr: 'Transmission au recouvrement', en: 'Hand-off to collection' };

export const STANDARD_SCENARIO: Scenario = {
  id: 'standard',
  name: { fr: 'Standard', en: 'Standard' },
  description: {
    fr: "Rappel amical avant l'échéance, relances courtoises puis fermes, mise en demeure et transmission après validation.",
    en: 'Friendly pre-due reminder, courteous then firm reminders, formal notice and hand-off after approval.',
  },
  steps: [
    step({ id: 'friendly-pre-due', name: FRIENDLY_PRE_DUE, offsetDays: -5, channel: 'email', template: 'friendly-pre-due', sender: 'accounts_team' }),
    step({ id: 'courteous-reminder', name: COURTEOUS, offsetDays: 3, channel: 'email', template: 'courteous-reminder', sender: 'accounts_team' }),
    step({ id: 'phone-call', name: PHONE_CALL, offsetDays: 8, channel: 'call_task', template: 'call-script', sender: 'named_collector', minBalanceMinor: 1_000_000 }),
    step({ id: 'firm-reminder', name: FIRM, offsetDays: 15, channel: 'email', template: 'firm-reminder', sender: 'named_collector', statesLateFees: true }),
    step({
      id: 'firm-reminder-letter',
      name: { fr: 'Relance ferme par courrier', en: 'Firm reminder by letter' },
      offsetDays: 15,
      channel: 'letter',
      template: 'firm-reminder',
      sender: 'named_collector',
      statesLateFees: true,
    }),
    step({
      id: 'formal-notice',
      minBalanceMinor: 15_000,
      name: FORMAL_NOTICE,
      offsetDays: 30,
      channel: 'registered_letter',
      template: 'formal-notice',
      sender: 'named_collector',
      requiresApproval: true,
      statesLateFees: true,
    }),
    step({
      id: 'handoff',
      name: HANDOFF,
      offsetDays: 45,
      channel: 'handoff',
      template: 'handoff-notice',
      sender: 'agency',
      requiresApproval: true,
      statesLateFees: true,
    }),
  ],
};

export const KEY_ACCOUNT_SCENARIO: Scenario = {
  id: 'key-account',
  name: { fr: 'Grand compte', en: 'Key account' },
  description: {
    fr: 'Relances plus tardives et plus douces ; le responsable du compte est prévenu avant chaque étape.',
    en: 'Later, gentler reminders; the account owner is told before each step.',
  },
  steps: [
    step({ id: 'friendly-pre-due', name: FRIENDLY_PRE_DUE, offsetDays: -7, channel: 'email', template: 'friendly-pre-due', sender: 'named_collector' }),
    step({
      id: 'courteous-reminder',
      name: COURTEOUS,
      offsetDays: 7,
      channel: 'email',
      template: 'courteous-reminder',
      sender: 'named_collector',
      notifyOwnerBeforeDays: 2,
    }),
    step({ id: 'phone-call', name: PHONE_CALL, offsetDays: 15, channel: 'call_task', template: 'call-script', sender: 'named_collector', notifyOwnerBeforeDays: 2 }),
    step({ id: 'firm-reminder', name: FIRM, offsetDays: 25, channel: 'email', template: 'firm-reminder', sender: 'named_collector', notifyOwnerBeforeDays: 3 }),
    step({
      id: 'formal-notice',
      name: FORMAL_NOTICE,
      offsetDays: 45,
      channel: 'registered_letter',
      template: 'formal-notice',
      sender: 'named_collector',
      requiresApproval: true,
      statesLateFees: true,
      notifyOwnerBeforeDays: 5,
    }),
    step({
      id: 'handoff',
      name: HANDOFF,
      offsetDays: 75,
      channel: 'handoff',
      template: 'handoff-notice',
      sender: 'agency',
      requiresApproval: true,
      statesLateFees: true,
      notifyOwnerBeforeDays: 5,
    }),
  ],
};

export const HIGH_RISK_SCENARIO: Scenario = {
  id: 'high-risk',
  name: { fr: 'Risque élevé', en: 'High risk' },
  description: {
    fr: "Relances plus tôt et plus rapprochées, SMS avant l'échéance, appel à J+3, mise en demeure à J+10.",
    en: 'Earlier, tighter steps, a text message before the due date, a call at D+3, formal notice at D+10.',
  },
  steps: [
    step({ id: 'friendly-pre-due', name: FRIENDLY_PRE_DUE, offsetDays: -7, channel: 'email', template: 'friendly-pre-due', sender: 'accounts_team' }),
    step({
      id: 'pre-due-sms',
      name: { fr: 'SMS avant échéance', en: 'Pre-due text message' },
      offsetDays: -2,
      channel: 'sms',
      template: 'pre-due-sms',
      sender: 'accounts_team',
    }),
    step({ id: 'courteous-reminder', name: COURTEOUS, offsetDays: 1, channel: 'email', template: 'courteous-reminder', sender: 'accounts_team' }),
    step({ id: 'phone-call', name: PHONE_CALL, offsetDays: 3, channel: 'call_task', template: 'call-script', sender: 'named_collector', minBalanceMinor: 300_000 }),
    step({ id: 'firm-reminder', name: FIRM, offsetDays: 6, channel: 'email', template: 'firm-reminder', sender: 'named_collector', statesLateFees: true }),
    step({
      id: 'formal-notice',
      minBalanceMinor: 15_000,
      name: FORMAL_NOTICE,
      offsetDays: 10,
      channel: 'registered_letter',
      template: 'formal-notice',
      sender: 'named_collector',
      requiresApproval: true,
      statesLateFees: true,
    }),
    step({
      id: 'handoff',
      name: HANDOFF,
      offsetDays: 25,
      channel: 'handoff',
      template: 'handoff-notice',
      sender: 'agency',
      requiresApproval: true,
      statesLateFees: true,
    }),
  ],
};

export const BUILT_IN_SCENARIOS: readonly Scenario[] = [STANDARD_SCENARIO, KEY_ACCOUNT_SCENARIO, HIGH_RISK_SCENARIO];

export const DEFAULT_SCENARIO_ID = STANDARD_SCENARIO.id;

export function findBuiltInScenario(id: string): Scenario | undefined {
  return BUILT_IN_SCENARIOS.find((scenario) => scenario.id === id);
}
