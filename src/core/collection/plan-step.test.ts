import { describe, expect, it } from 'vitest';
import { addDays, type PlainDate } from '../plain-date.js';
import { HIGH_RISK_SCENARIO, KEY_ACCOUNT_SCENARIO, STANDARD_SCENARIO } from '../scenarios/built-in.js';
import type { Scenario } from '../scenarios/scenario.js';
import { NO_PAUSES, type Pauses } from './pauses.js';
import { DEFAULT_ESCALATION_RULES, INSTALMENT_REMINDER_STEP_ID, planStep, type ExecutedStep, type OpenInvoice, type PlanStepInput, type StepDecision } from './plan-step.js';

const d = (s: string) => s as PlainDate;
const DUE = d('2025-05-01');
/** The date `days` after the due date of F-2025-0456. */
const day = (days: number) => addDays(DUE, days);
const invoice = (number: string, dueDate: PlainDate, openMinor: number): OpenInvoice => ({ number, dueDate, openMinor, currency: 'EUR' });
// Above the standard scenario's EUR 10,000 threshold for a call.
const MAIN = invoice('F-2025-0456', DUE, 1_200_000);

function plan(overrides: Partial<PlanStepInput> & { asOf: PlainDate }): StepDecision {
  return planStep({
    scenario: STANDARD_SCENARIO,
    openInvoices: [MAIN],
    executedSteps: [],
    pauses: NO_PAUSES,
    minimumBalanceMinor: 1_000,
    minimumGapDays: 3,
    customer: { segment: null, riskLevel: 'low' },
    ...overrides,
  });
}

const out = (stepId: string, on: PlainDate, extra: Partial<ExecutedStep> = {}): ExecutedStep => ({ stepId, on, outcome: 'went_out', ...extra });
const pauses = (overrides: Partial<Pauses>): Pauses => ({ ...NO_PAUSES, ...overrides });
const stepIds = (decision: StepDecision) => (decision.kind === 'none' ? [] : decision.steps.map((step) => step.id));
const listed = (decision: StepDecision) => (decision.kind === 'none' ? [] : decision.invoices.map((entry) => entry.number));

describe('step planning: who is not reminded (invariant 1)', () => {
  it('does not remind a customer whose invoices are all paid', () => {
    const decision = plan({ asOf: day(15), openInvoices: [{ ...MAIN, openMinor: 0 }] });
    expect(decision).toMatchObject({ kind: 'none', why: 'nothing_open' });
  });

  it('does not ask for an amount a credit note already covers', () => {
    const creditNote = invoice('AV-2025-0012', d('2025-05-10'), -1_200_000);
    const decision = plan({ asOf: day(15), openInvoices: [MAIN, creditNote] });
    expect(decision).toMatchObject({ kind: 'none', why: 'below_minimum_balance' });
  });

  it('asks only for what is left after unapplied payments', () => {
    const decision = plan({ asOf: day(15), unappliedCreditMinor: 20_000 });
    expect(decision).toMatchObject({ kind: 'send', balanceMinor: 1_180_000 });
  });

  it('does not remind when the remindable balance is below the minimum', () => {
    const decision = plan({ asOf: day(15), openInvoices: [{ ...MAIN, openMinor: 800 }] });
    expect(decision.kind).toBe('none');
    expect(decision.reason.en).toBe('Overdue balance €8.00 is below the minimum of €10.00');
  });

  it('leaves a disputed invoice out of the message and reminds the others', () => {
    const other = invoice('F-2025-0470', d('2025-05-05'), 30_000);
    const decision = plan({ asOf: day(15), openInvoices: [MAIN, other], pauses: pauses({ disputedInvoiceNumbers: ['F-2025-0456'] }) });
    expect(decision.kind).toBe('send');
    expect(listed(decision)).toEqual(['F-2025-0470']);
    // A first contact opens with the first reminder, however late the invoice.
    expect(stepIds(decision)).toEqual(['courteous-reminder']);
  });

  it('stays silent when the only overdue invoice is disputed, and says why', () => {
    const decision = plan({ asOf: day(15), pauses: pauses({ disputedInvoiceNumbers: ['F-2025-0456'] }) });
    expect(decision).toMatchObject({ kind: 'none', why: 'paused' });
    expect(decision.reason.en).toBe('Every overdue invoice is paused (disputed: F-2025-0456)');
  });

  it('is silenced by a promise to pay until the promised date plus grace', () => {
    const promise = { promisedOn: day(20), graceDays: 3, invoiceNumbers: null };
    const decision = plan({ asOf: day(23), pauses: pauses({ promise }) });
    expect(decision).toMatchObject({ kind: 'none', why: 'paused', nextOn: day(24) });
  });

  it('resumes escalation once a promise is broken, and says so', () => {
    const promise = { promisedOn: day(20), graceDays: 3, invoiceNumbers: null };
    const decision = plan({ asOf: day(24), pauses: pauses({ promise }), executedSteps: [{ stepId: 'courteous-reminder', on: day(3) }] });
    expect(decision).toMatchObject({ kind: 'send', resumedAfter: { kind: 'broken_promise', date: day(20) } });
    expect(decision.reason.en).toBe(
      'Promise to pay by 2025-05-21 not kept; Invoice F-2025-0456 is 24 days overdue; scenario standard, step phone call',
    );
  });

  it('is silenced by a payment plan whose instalments are paid, and resumes when one is missed', () => {
    const plan1 = {
      invoiceNumbers: ['F-2025-0456'],
      graceDays: 5,
      instalments: [
        { dueDate: day(10), amountMinor: 400_000, paidMinor: 400_000 },
        { dueDate: day(40), amountMinor: 400_000, paidMinor: 0 },
        { dueDate: day(70), amountMinor: 400_000, paidMinor: 0 },
      ],
    };
    const kept = plan({ asOf: day(45), openInvoices: [{ ...MAIN, openMinor: 800_000 }], pauses: pauses({ paymentPlan: plan1 }) });
    expect(kept).toMatchObject({ kind: 'none', why: 'paused' });
    const broken = plan({ asOf: day(46), openInvoices: [{ ...MAIN, openMinor: 800_000 }], pauses: pauses({ paymentPlan: plan1 }) });
    expect(broken).toMatchObject({ kind: 'send', resumedAfter: { kind: 'broken_payment_plan', date: day(40) } });
    expect(broken.reason.en).toMatch(/^Payment plan instalment due 2025-06-10 not paid; /);
  });

  it('stays silent during a manual hold, through its end date', () => {
    const hold = { until: day(20), reason: 'Customer changing accounting software' };
    expect(plan({ asOf: day(20), pauses: pauses({ hold }) })).toMatchObject({ kind: 'none', why: 'on_hold', nextOn: day(21) });
    expect(plan({ asOf: day(21), pauses: pauses({ hold }) }).kind).toBe('send');
  });
});

describe('step planning: one step at a time (invariant 3)', () => {
  /** The standard scenario's reminders, all gone out, and the call task made. */
  const reminded = [out('courteous-reminder', day(3)), out('phone-call', day(8), { outcome: 'passed' }), out('firm-reminder', day(15)), out('firm-reminder-letter', day(15))];

  it('opens a first run on an old ledger with the first reminder, never a later step, and records nothing as skipped', () => {
    const decision = plan({ asOf: day(64) });
    expect(stepIds(decision)).toEqual(['courteous-reminder']);
    expect(decision.kind === 'send' && decision.pastContacts).toEqual([]);
    expect(decision.reason.en).toBe('Invoice F-2025-0456 is 64 days overdue; scenario standard, step courteous reminder');
  });

  it('takes the next step only after the minimum gap from the contact that went out', () => {
    const executed = [out('courteous-reminder', day(64))];
    expect(plan({ asOf: day(66), executedSteps: executed, minimumGapDays: 7 })).toMatchObject({ kind: 'none', why: 'minimum_gap', nextOn: day(71) });
    expect(stepIds(plan({ asOf: day(71), executedSteps: executed, minimumGapDays: 7 }))).toEqual(['phone-call']);
  });

  it('keeps the gap after a call task, so a message does not follow the call the next day', () => {
    const executed = [out('courteous-reminder', day(3)), out('phone-call', day(10), { outcome: 'passed' })];
    expect(plan({ asOf: day(15), executedSteps: executed, minimumGapDays: 7 })).toMatchObject({ kind: 'none', why: 'minimum_gap', nextOn: day(17) });
    expect(stepIds(plan({ asOf: day(17), executedSteps: executed, minimumGapDays: 7 }))).toEqual(['firm-reminder', 'firm-reminder-letter']);
  });

  it('counts a message written and waiting to leave in the gap, and a thank-you for its own day only', () => {
    const soon = invoice('F-2025-0520', day(29), 30_000);
    const queued = [out('courteous-reminder', day(20), { outcome: 'pending' })];
    expect(plan({ asOf: day(24), openInvoices: [{ ...MAIN, openMinor: 0 }, soon], executedSteps: queued, minimumGapDays: 7 })).toMatchObject({ why: 'minimum_gap' });
    const thanked = [out('earlier:thank-you', day(24), { courtesy: true })];
    expect(plan({ asOf: day(24), openInvoices: [{ ...MAIN, openMinor: 0 }, soon], executedSteps: thanked, minimumGapDays: 7 })).toMatchObject({ why: 'minimum_gap' });
    expect(stepIds(plan({ asOf: day(25), openInvoices: [{ ...MAIN, openMinor: 0 }, soon], executedSteps: thanked, minimumGapDays: 7 }))).toEqual(['friendly-pre-due']);
  });

  it('never goes back to a step that did not apply then, when a later one was taken', () => {
    // EUR 6,000 overdue: no call. A new invoice falling due brings it over EUR 10,000 after the firm reminder.
    const first = { ...MAIN, openMinor: 600_000 };
    const grown = invoice('F-2025-0520', day(20), 500_000);
    const executed = [out('courteous-reminder', day(3)), out('firm-reminder', day(15)), out('firm-reminder-letter', day(15))];
    expect(stepIds(plan({ asOf: day(30), openInvoices: [first, grown], executedSteps: executed }))).toEqual(['formal-notice']);
  });

  it('waits while the previous step has not gone out yet', () => {
    const decision = plan({ asOf: day(80), executedSteps: [out('courteous-reminder', day(64), { outcome: 'pending' })] });
    expect(decision).toMatchObject({ kind: 'none', why: 'waiting_for_previous_step' });
  });

  it('does not repeat a step already taken, and tells when the next one is due', () => {
    const executed = [out('courteous-reminder', day(3)), out('phone-call', day(8), { outcome: 'passed' }), out('firm-reminder', day(15)), out('firm-reminder-letter', day(15))];
    const decision = plan({ asOf: day(20), executedSteps: executed });
    expect(decision).toMatchObject({ kind: 'none', why: 'next_step_later', nextOn: day(30) });
    expect(decision.reason.en).toBe('Invoice F-2025-0456 is 20 days overdue; scenario standard, next step formal notice on 2025-05-31');
  });

  it('sends a formal notice only after two reminders went out, and cites their dates', () => {
    const failed = [out('courteous-reminder', day(3)), out('phone-call', day(8), { outcome: 'passed' }), out('firm-reminder', day(15), { outcome: 'failed' })];
    expect(plan({ asOf: day(30), executedSteps: failed })).toMatchObject({ kind: 'none', why: 'needs_reminders' });
    const sent = [out('courteous-reminder', day(3)), out('phone-call', day(8), { outcome: 'passed' }), out('firm-reminder', day(15), { wentOutOn: day(16) }), out('firm-reminder-letter', day(15), { wentOutOn: day(16) })];
    const decision = plan({ asOf: day(30), executedSteps: sent });
    expect(stepIds(decision)).toEqual(['formal-notice']);
    expect(decision).toMatchObject({ requiresApproval: true, formalNoticeOn: null, pastContacts: [{ on: day(3), kind: 'reminder' }, { on: day(16), kind: 'reminder' }] });
  });

  it('counts a call logged by hand as a contact, for the gap and for what a formal notice needs', () => {
    const executed = [out('courteous-reminder', day(3)), out('phone-call', day(8), { outcome: 'passed' }), out('firm-reminder', day(15), { outcome: 'failed' })];
    const decision = plan({ asOf: day(30), executedSteps: executed, caseOpenedOn: day(1), outsideContacts: [{ on: day(20), channel: 'call' }] });
    expect(stepIds(decision)).toEqual(['formal-notice']);
    expect(decision).toMatchObject({ pastContacts: [{ on: day(3), kind: 'reminder' }, { on: day(20), kind: 'call' }] });
    expect(plan({ asOf: day(30), executedSteps: executed, outsideContacts: [{ on: day(29), channel: 'email' }] })).toMatchObject({ why: 'minimum_gap' });
  });

  it('hands off only after the formal notice deadline has passed', () => {
    const executed = [...reminded, out('formal-notice', day(30), { wentOutOn: day(33) })];
    const rules = { ...DEFAULT_ESCALATION_RULES, formalNoticeDeadlineDays: 19 };
    expect(plan({ asOf: day(50), executedSteps: executed, escalation: rules })).toMatchObject({ kind: 'none', why: 'next_step_later', nextOn: day(53) });
    const decision = plan({ asOf: day(53), executedSteps: executed, escalation: rules });
    expect(stepIds(decision)).toEqual(['handoff']);
    expect(decision).toMatchObject({ formalNoticeOn: day(33) });
  });

  it('never hands off without a formal notice that went out', () => {
    const executed = [...reminded, out('formal-notice', day(30), { outcome: 'passed' })];
    expect(plan({ asOf: day(60), executedSteps: executed })).toMatchObject({ kind: 'none', why: 'needs_formal_notice' });
  });

  it('ends a case below the hand-off minimum in one decision for a person: small claim or write-off', () => {
    const small = { ...MAIN, openMinor: 3_704 };
    const executed = [...reminded, out('formal-notice', day(30))];
    const decision = plan({ asOf: day(60), openInvoices: [small], executedSteps: executed });
    expect(decision).toMatchObject({ kind: 'small_claim', balanceMinor: 3_704 });
    expect(stepIds(decision)).toEqual(['handoff']);
  });

  it('holds a rejected step for the time the person chose, then proposes it again', () => {
    const executed = [...reminded, out('formal-notice', day(30), { outcome: 'rejected', retryOn: day(60) })];
    expect(plan({ asOf: day(45), executedSteps: executed })).toMatchObject({ kind: 'none', why: 'step_rejected', nextOn: day(60) });
    expect(stepIds(plan({ asOf: day(60), executedSteps: executed }))).toEqual(['formal-notice']);
  });

  it('goes on to the next step when a person chose to go on without one', () => {
    const executed = [out('courteous-reminder', day(3)), out('phone-call', day(8), { outcome: 'passed' })];
    expect(stepIds(plan({ asOf: day(16), executedSteps: executed }))).toEqual(['firm-reminder', 'firm-reminder-letter']);
  });

  it('lets a step go without approval below the approval threshold', () => {
    const executed = reminded;
    const rules = { ...DEFAULT_ESCALATION_RULES, approvalThresholdMinor: 2_000_000 };
    expect(plan({ asOf: day(30), executedSteps: executed, escalation: rules })).toMatchObject({ kind: 'send', requiresApproval: false });
  });

  it('sends an email and its paper copy due the same day together, as one contact', () => {
    const decision = plan({ asOf: day(15), executedSteps: [out('courteous-reminder', day(3)), out('phone-call', day(8), { outcome: 'passed' })] });
    expect(stepIds(decision)).toEqual(['firm-reminder', 'firm-reminder-letter']);
    expect(decision).toMatchObject({ requiresApproval: false });
    expect(decision.reason).toEqual({
      en: 'Invoice F-2025-0456 is 15 days overdue; scenario standard, steps firm reminder + firm reminder by letter',
      fr: 'La facture F-2025-0456 est échue depuis 15 jours ; scénario standard, étapes relance ferme + relance ferme par courrier',
    });
  });
});

describe('step planning: payment plan instalments', () => {
  const kept = {
    invoiceNumbers: ['F-2025-0456'],
    graceDays: 5,
    instalments: [
      { dueDate: day(20), amountMinor: 400_000, paidMinor: 400_000 },
      { dueDate: day(50), amountMinor: 400_000, paidMinor: 0 },
      { dueDate: day(80), amountMinor: 400_000, paidMinor: 0 },
    ],
  };
  const withPlan = (asOf: PlainDate, executedSteps: ExecutedStep[] = []) => plan({ asOf, openInvoices: [{ ...MAIN, openMinor: 800_000 }], pauses: pauses({ paymentPlan: kept }), executedSteps });

  it('reminds the next instalment a few days before it falls due, once', () => {
    expect(withPlan(day(46)).kind).toBe('none');
    const decision = withPlan(day(47));
    expect(decision).toMatchObject({ kind: 'instalment_reminder', instalment: { dueDate: day(50), amountMinor: 400_000, number: 2, count: 3 } });
    expect(decision.reason.en).toBe('Payment plan instalment 2 of 3 (€4,000.00) is due in 3 days; instalment reminder');
    const reminded = [out(INSTALMENT_REMINDER_STEP_ID, day(47), { invoiceNumbers: ['F-2025-0456'], instalmentDueOn: day(50) })];
    expect(withPlan(day(48), reminded).kind).toBe('none');
  });

  it('does not remind an instalment already paid, nor one that would be reminded on its due date', () => {
    const paid = { ...kept, instalments: kept.instalments.map((instalment, index) => (index === 1 ? { ...instalment, paidMinor: 400_000 } : instalment)) };
    expect(plan({ asOf: day(47), openInvoices: [{ ...MAIN, openMinor: 400_000 }], pauses: pauses({ paymentPlan: paid }) }).kind).toBe('none');
    expect(plan({ asOf: day(50), sendingDay: day(50), openInvoices: [{ ...MAIN, openMinor: 800_000 }], pauses: pauses({ paymentPlan: kept }) }).kind).toBe('none');
  });
});

describe('step planning: pre-due reminders', () => {
  const weekdays = (date: PlainDate) => {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };

  it('names the invoices coming due soon in a case message, so they need no word of their own', () => {
    const soon = invoice('F-2025-0520', day(18), 30_000);
    const decision = plan({ asOf: day(15), openInvoices: [MAIN, soon], executedSteps: [out('courteous-reminder', day(3)), out('phone-call', day(8), { outcome: 'passed' })], minimumGapDays: 7 });
    expect(listed(decision)).toEqual(['F-2025-0456']);
    expect(decision.kind === 'send' && decision.comingDue.map((entry) => entry.number)).toEqual(['F-2025-0520']);
    const covered = [out('friendly-pre-due-elsewhere', day(15), { comingDueNumbers: ['F-2025-0520'] })];
    expect(plan({ asOf: day(14), openInvoices: [{ ...MAIN, openMinor: 0 }, soon], executedSteps: covered }).kind).toBe('none');
  });

  it('moves a pre-due reminder that falls on a weekend to the business day before, never after', () => {
    // 2025-05-11 is a Sunday: its D-5 is Tuesday 6 May; an invoice due Thursday 15 May has its D-5 on Saturday 10 May.
    const thursday = invoice('F-2025-0600', d('2025-05-15'), 50_000);
    expect(stepIds(plan({ asOf: d('2025-05-09'), openInvoices: [thursday], isBusinessDay: weekdays }))).toEqual(['friendly-pre-due']);
    expect(plan({ asOf: d('2025-05-08'), openInvoices: [thursday], isBusinessDay: weekdays }).kind).toBe('none');
  });

  it('does not send a pre-due reminder that would leave on or after the due date', () => {
    const monday = invoice('F-2025-0601', d('2025-05-12'), 50_000);
    expect(plan({ asOf: d('2025-05-10'), sendingDay: d('2025-05-12'), openInvoices: [monday], isBusinessDay: weekdays }).kind).toBe('none');
  });

  it('keeps the minimum gap after the last contact, listing what falls due within it', () => {
    const first = invoice('F-2025-0700', d('2025-06-10'), 50_000);
    const second = invoice('F-2025-0701', d('2025-06-13'), 50_000);
    const decision = plan({ asOf: d('2025-06-05'), openInvoices: [first, second], minimumGapDays: 7 });
    expect(listed(decision)).toEqual(['F-2025-0700', 'F-2025-0701']);
    const after = [out('friendly-pre-due', d('2025-06-05'), { invoiceNumbers: ['F-2025-0700'] })];
    const later = invoice('F-2025-0702', d('2025-06-14'), 50_000);
    expect(plan({ asOf: d('2025-06-09'), openInvoices: [first, later], executedSteps: after, minimumGapDays: 7 })).toMatchObject({ kind: 'none', why: 'minimum_gap' });
  });
});

describe('step planning: one message per customer', () => {
  it('lists every overdue invoice in one message, oldest first, and escalates on the oldest', () => {
    const newer = invoice('F-2025-0501', d('2025-05-12'), 45_000);
    const notDue = invoice('F-2025-0530', d('2025-06-30'), 10_000);
    const decision = plan({ asOf: day(16), openInvoices: [newer, notDue, MAIN] });
    expect(listed(decision)).toEqual(['F-2025-0456', 'F-2025-0501']);
    expect(decision).toMatchObject({ balanceMinor: 1_245_000 });
    expect(decision.reason.en).toMatch(/^2 invoices are overdue, the oldest \(F-2025-0456\) by 16 days; /);
    expect(decision.kind === 'send' && decision.invoices.map((entry) => entry.daysOverdue)).toEqual([16, 5]);
  });

  it('sends a pre-due reminder on its day, listing the invoices coming due', () => {
    const sooner = invoice('F-2025-0460', d('2025-04-30'), 20_000);
    const later = invoice('F-2025-0488', d('2025-05-09'), 20_000);
    const decision = plan({ asOf: day(-5), openInvoices: [MAIN, sooner, later] });
    expect(stepIds(decision)).toEqual(['friendly-pre-due']);
    // F-2025-0488 is 13 days from its due date: its reminder comes on its own day.
    expect(listed(decision)).toEqual(['F-2025-0460', 'F-2025-0456']);
    expect(decision.reason.en).toBe('2 invoices are coming due, the first (F-2025-0460) in 4 days; scenario standard, step friendly pre-due reminder');
  });

  it('does not send a pre-due reminder before its day nor twice for the same invoice', () => {
    expect(plan({ asOf: day(-6) }).kind).toBe('none');
    const executed = [{ stepId: 'friendly-pre-due', on: day(-5), invoiceNumbers: ['F-2025-0456'] }];
    expect(plan({ asOf: day(-2), executedSteps: executed }).kind).toBe('none');
  });

  it('sends the latest pre-due step only when an invoice was not reminded earlier', () => {
    const decision = plan({ asOf: day(-2), scenario: HIGH_RISK_SCENARIO });
    expect(stepIds(decision)).toEqual(['pre-due-sms']);
  });

  it('skips a step whose conditions the customer does not meet', () => {
    const scenario: Scenario = {
      ...STANDARD_SCENARIO,
      steps: STANDARD_SCENARIO.steps.map((step) =>
        step.id === 'phone-call' ? { ...step, conditions: { ...step.conditions, riskLevels: ['high'] } } : step,
      ),
    };
    const executed = [{ stepId: 'courteous-reminder', on: day(3) }];
    expect(plan({ asOf: day(9), scenario, executedSteps: executed })).toMatchObject({ kind: 'none', nextOn: day(15) });
    expect(stepIds(plan({ asOf: day(9), scenario, executedSteps: executed, customer: { segment: null, riskLevel: 'high' } }))).toEqual(['phone-call']);
  });

  it('refuses to add up invoices in different currencies', () => {
    expect(() => plan({ asOf: day(5), openInvoices: [MAIN, { ...invoice('F-US-1', DUE, 5_000), currency: 'USD' }] })).toThrow(/share a currency/);
  });
});

describe('step planning: key accounts', () => {
  const keyAccount = (overrides: Partial<PlanStepInput> & { asOf: PlainDate }) =>
    plan({ scenario: KEY_ACCOUNT_SCENARIO, executedSteps: [{ stepId: 'friendly-pre-due', on: day(-7), invoiceNumbers: ['F-2025-0456'] }], ...overrides });

  it('tells the account owner a few days before the step is due', () => {
    // Courteous reminder at D+7, owner told 2 days ahead.
    expect(keyAccount({ asOf: day(4) }).kind).toBe('none');
    const decision = keyAccount({ asOf: day(5) });
    expect(decision).toMatchObject({ kind: 'notify_owner', plannedOn: day(7) });
    expect(stepIds(decision)).toEqual(['courteous-reminder']);
  });

  it('sends the step once the owner has been told in time', () => {
    expect(stepIds(keyAccount({ asOf: day(7), ownerNotices: [{ stepId: 'courteous-reminder', on: day(5) }] }))).toEqual(['courteous-reminder']);
  });

  it('holds a due step until the owner has had the notice period when the notice came late', () => {
    expect(keyAccount({ asOf: day(7) })).toMatchObject({ kind: 'notify_owner', plannedOn: day(9) });
    expect(keyAccount({ asOf: day(8), ownerNotices: [{ stepId: 'courteous-reminder', on: day(7) }] })).toMatchObject({
      kind: 'none',
      why: 'waiting_for_owner',
      nextOn: day(9),
    });
  });
});
