/** The action id of a collector's answer to a customer's email: no collection action stands behind it. */
export function answerActionId(answerId: string): string {
  return `inbound-answer:${answerId}`;
}

/** A collector's answer to a customer's email is no reminder: it leaves whatever the case's state. */
export function isAnswerToCustomer(message: { action_id: string }): boolean {
  return message.action_id.startsWith('inbound-answer:');
}
