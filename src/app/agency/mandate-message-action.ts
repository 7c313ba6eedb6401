/** The action id of a message an agency writes by hand on a case: no step of the creditor's scenario stands behind it. */
export function mandateMessageActionId(messageId: string): string {
  return `mandate-message:${messageId}`;
}

/**
 * The action id of a step of the agency's own scenario on one case: one per mandate and step,
 * so the outbox's (action, channel) uniqueness makes a second run of the day a no-op.
 */
export function mandateStepActionId(mandateId: string, stepKey: string): string {
  return `mandate-step:${mandateId}:${stepKey}`;
}

/**
 * A message written under a mandate (by hand or by the agency's scenario) is no step of the
 * creditor's own scenario: the creditor's checks of its actions leave it alone.
 */
export function isMandateMessage(message: { action_id: string }): boolean {
  return message.action_id.startsWith('mandate-message:') || message.action_id.startsWith('mandate-step:');
}
