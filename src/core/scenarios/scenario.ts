/**
 * A scenario (scénario de relance, a.k.a. playbook): ordered steps placed in days relative to
 * the due date. Scenarios are data — built-in ones ship as YAML files in `scenarios/` and an
 * organization can write its own in the same schema (docs/scenarios.md).
 */

/** The languages a message can be written in: every step names a template for each. */
export const MESSAGE_LANGUAGES = ['fr', 'en', 'nl', 'de'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

/** How a step reaches the customer; `call_task` and `handoff` create work for a person or agency. */
export const CHANNELS = ['email', 'sms', 'letter', 'registered_letter', 'call_task', 'handoff'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Who the message comes from: the creditor's accounts team, a named collector (a person the
 * customer can answer), or a collection agency acting in the creditor's name.
 */
export const SENDER_IDENTITIES = ['accounts_team', 'named_collector', 'agency'] as const;
export type SenderIdentity = (typeof SENDER_IDENTITIES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Text people read in the product, in both languages of the user interface. */
export interface Bilingual {
  readonly fr: string;
  readonly en: string;
}

/** When a step applies at all; an empty list means "any". */
export interface StepConditions {
  /** The remindable balance must reach this many minor units of the organization's currency. */
  readonly minBalanceMinor: number;
  readonly segments: readonly string[];
  readonly riskLevels: readonly RiskLevel[];
}

export interface ScenarioStep {
  readonly id: string;
  readonly name: Bilingual;
  /** Days from the due date; negative before it. Steps at 0 or before are pre-due reminders. */
  readonly offsetDays: number;
  readonly channel: Channel;
  /** Template id per language; the file is `templates/<id>.<language>.liquid`. */
  readonly templates: Readonly<Record<MessageLanguage, string>>;
  readonly sender: SenderIdentity;
  readonly conditions: StepConditions;
  /** A person approves the step before it goes out (formal notices, hand-offs). */
  readonly requiresApproval: boolean;
  /** The message states the late interest and the fixed recovery indemnity. */
  readonly statesLateFees: boolean;
  /** Days ahead the account owner is told before the step goes out; 0 means not told. */
  readonly notifyOwnerBeforeDays: number;
}

export interface Scenario {
  readonly id: string;
  readonly name: Bilingual;
  readonly description: Bilingual | null;
  /** Ordered by offset; steps sharing an offset go out together as one contact. */
  readonly steps: readonly ScenarioStep[];
}

/** Pre-due steps remind of an invoice that is not late yet; the others belong to a case. */
export function isPreDueStep(step: ScenarioStep): boolean {
  return step.offsetDays <= 0;
}
