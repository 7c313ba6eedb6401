import '../outbox.css';
import { useState } from 'react';
import { ApiError, apiPost } from '../api-client.js';
import type { OutboxMessage } from '../collection-types.js';
import { useI18n } from '../i18n.js';
import { failureSentence } from '../spoken-codes.js';
import type { MessageKey } from '../messages.js';

/** Why a queued message has not left yet, as `GET /api/outbox` says it. */
export interface WaitingReason {
  code: 'held' | 'no_sender_email' | 'retry' | 'business_hours' | 'due_now';
  at: string | null;
  by: string | null;
  text: { en: string; fr: string };
}

/** A message of the outbox with what the hold and the queue add to it. */
export type WaitingMessage = OutboxMessage & {
  on_hold: { at: string; by: { id: string; name: string } | null } | null;
  waiting_reason: WaitingReason | null;
};

type Verb = 'hold' | 'release' | 'send-now' | 'cancel';

const LABEL: Record<Verb, MessageKey> = { hold: 'outboxActions.hold', release: 'outboxActions.release', 'send-now': 'outboxActions.sendNow', cancel: 'outboxActions.cancel' };
const CONFIRM: Record<Verb, MessageKey> = {
  hold: 'outboxActions.confirmHold',
  release: 'outboxActions.confirmRelease',
  'send-now': 'outboxActions.confirmSendNow',
  cancel: 'outboxActions.confirmCancel',
};
const DONE: Record<Exclude<Verb, 'send-now'>, MessageKey> = { hold: 'outboxActions.held', release: 'outboxActions.released', cancel: 'outboxActions.cancelled' };

/** The line that says why a queued message waits, in the reader's language. */
export function WaitingReasonLine({ message }: { message: WaitingMessage }) {
  const { t, language } = useI18n();
  if (!message.waiting_reason) return null;
  return (
    <p className="muted waiting-reason" data-testid="waiting-reason">
      <span className="visually-hidden">{t('outboxActions.why')} </span>
      {message.waiting_reason.text[language]}
    </p>
  );
}

/**
 * Hold, release, send now or cancel a queued message, each asked again before it is done. The
 * sentence shown afterwards is the server's own when it has one (send now names the slot).
 */
export function OutboxMessageActions({ message, onDone }: { message: WaitingMessage; onDone(result: { kind: 'done' | 'error'; text: string }): void }) {
  const i18n = useI18n();
  const { t, language } = i18n;
  const [asking, setAsking] = useState<Verb | null>(null);
  const [busy, setBusy] = useState(false);
  if (message.status !== 'queued') return null;
  const verbs: Verb[] = [message.on_hold ? 'release' : 'hold', 'send-now', 'cancel'];
  const subject = message.subject;

  const run = async (verb: Verb) => {
    setBusy(true);
    try {
      const answer = await apiPost<{ text?: { en: string; fr: string } }>(`/api/outbox/${encodeURIComponent(message.id)}/${verb}`);
      onDone({ kind: 'done', text: verb === 'send-now' && answer.text ? answer.text[language] : t(DONE[verb as Exclude<Verb, 'send-now'>], { subject }) });
    } catch (error) {
      onDone({ kind: 'error', text: failureSentence(error, i18n) });
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };

  return (
    <div className="outbox-actions" data-testid="outbox-actions">
      {asking ? (
        <div className="outbox-confirm" role="group" aria-label={t(LABEL[asking])}>
          <p>{t(CONFIRM[asking], { subject })}</p>
          <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => void run(asking)}>
            {t('outboxActions.yes')}
          </button>
          <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => setAsking(null)}>
            {t('outboxActions.no')}
          </button>
        </div>
      ) : (
        verbs.map((verb) => (
          <button key={verb} type="button" className="button button-secondary button-small" onClick={() => setAsking(verb)}>
            {t(LABEL[verb])}
          </button>
        ))
      )}
    </div>
  );
}
