import type { WorkKind } from '../../core/worklist/rank-worklist.js';
import type { DemoHistory } from './play-demo-history.js';

const WORK_WORDS: Record<WorkKind, [string, string]> = {
  approval: ['step awaiting approval', 'steps awaiting approval'],
  call: ['call', 'calls'],
  broken_promise: ['broken promise', 'broken promises'],
  missed_instalment: ['missed instalment', 'missed instalments'],
  dispute: ['dispute to answer', 'disputes to answer'],
  delivery: ['failed delivery', 'failed deliveries'],
  small_claim: ['small claim to decide', 'small claims to decide'],
  handoff: ['hand-off to send', 'hand-offs to send'],
  owner_notice: ['notice for an account owner', 'notices for account owners'],
  debtor_request: ['request from a customer', 'requests from customers'],
  reply: ['reply from a customer', 'replies from customers'],
};

function counted(n: number, [one, many]: readonly [string, string]): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** What the demo's history did, and the work it leaves for today, as the CLI and the first start print it. */
export function describeDemoHistory(history: DemoHistory): string[] {
  const r = history.report;
  const waiting = (Object.entries(history.waitingToday) as [WorkKind, number][]).filter(([, n]) => n > 0).map(([kind, n]) => counted(n, WORK_WORDS[kind]));
  return [
    `  ${counted(r.days, ['day', 'days'])} of collection played (${r.from} to ${r.to}): ${counted(r.messages_sent, ['message', 'messages'])} sent ` +
      `(${counted(r.formal_notices, ['formal notice', 'formal notices'])}), ${counted(r.human_tasks, ['task', 'tasks'])} for a person, ` +
      `${counted(r.payments, ['payment', 'payments'])}, ${counted(r.promises_made, ['promise', 'promises'])}, ${counted(r.disputes_opened, ['dispute', 'disputes'])}`,
    `  Waiting on Today's list: ${waiting.length ? waiting.join(', ') : 'nothing'}`,
  ];
}
