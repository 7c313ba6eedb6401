import { useI18n } from '../../i18n.js';
import type { MessageKey } from '../../messages.js';
import { useApi } from '../../use-api.js';
import { ErrorNotice, Loading } from '../status-message.js';
import { dateInWords, momentInWords } from './action-kit.js';
import type { NextStepPreview, PreviewedMessage } from './action-types.js';

const channelKey = (channel: string) => `actions.channel.${channel}` as MessageKey;
const WHY_WORDS = ['on_hold', 'paused', 'nothing_open'];

/** The next message exactly as it would go: the API renders it through the outbox's own path. */
export function NextStepPreviewSection({ customerPath, timeZone, onClose }: { customerPath: string; timeZone: string | undefined; onClose(): void }) {
  const { t, locale } = useI18n();
  const preview = useApi<NextStepPreview>(`${customerPath}/next-step/preview`);
  const data = preview.data;
  return (
    <section className="action-form next-step-preview" aria-labelledby="preview-title" data-testid="next-step-preview">
      <h3 id="preview-title" className="subheading">
        {t('actions.preview.title')}
      </h3>
      {preview.state === 'failed' ? <ErrorNotice error={preview.error} onRetry={preview.reload} /> : null}
      {preview.state === 'loading' && !data ? <Loading /> : null}
      {data?.status === 'nothing_to_remind' ? (
        <p className="notice notice-info" data-testid="preview-nothing">
          {data.next_on ? t('actions.preview.nothingOn', { date: dateInWords(data.next_on, locale) }) : t('actions.preview.nothing')}{' '}
          {t(`actions.preview.why.${WHY_WORDS.includes(data.why) ? data.why : 'other'}` as MessageKey)}
        </p>
      ) : null}
      {data?.status === 'owner_first' ? <p className="notice notice-info">{t('actions.preview.ownerFirst')}</p> : null}
      {data?.status === 'ready' ? data.messages.map((message) => <PreviewedMessageView key={`${message.step_id}-${message.channel}`} message={message} timeZone={timeZone} />) : null}
      <div className="action-buttons">
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          {t('actions.preview.close')}
        </button>
      </div>
    </section>
  );
}

function PreviewedMessageView({ message, timeZone }: { message: PreviewedMessage; timeZone: string | undefined }) {
  const { t, locale } = useI18n();
  const isMessage = ['email', 'sms', 'letter', 'registered_letter'].includes(message.channel);
  const recipient = message.recipient;
  const to = recipient ? [recipient.name, recipient.email ?? recipient.phone ?? recipient.postalAddress].filter(Boolean).join(' · ') : null;
  const leaves = message.not_before ? momentInWords(message.not_before, locale, timeZone) : null;
  return (
    <article className="previewed-message" data-testid="previewed-message">
      {message.needs_approval ? <p className="notice notice-warning">{t('actions.preview.needsApproval')}</p> : null}
      {!isMessage ? <p className="notice notice-info">{t('actions.preview.task')}</p> : null}
      {isMessage && !recipient ? <p className="notice notice-warning">{t('actions.preview.noRecipient')}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t('actions.preview.channel')}</dt>
          <dd data-testid="preview-channel">{t(channelKey(message.channel))}</dd>
        </div>
        {to ? (
          <div>
            <dt>{t('actions.preview.to')}</dt>
            <dd data-testid="preview-recipient">{to}</dd>
          </div>
        ) : null}
        {message.sender ? (
          <div>
            <dt>{t('actions.preview.from')}</dt>
            <dd>{[message.sender.name, message.sender.email].filter(Boolean).join(' · ')}</dd>
          </div>
        ) : null}
        {leaves ? (
          <div>
            <dt>{t('actions.preview.leaves')}</dt>
            <dd>{t('actions.preview.leavesAt', leaves)}</dd>
          </div>
        ) : null}
        {message.subject ? (
          <div className="fact-wide">
            <dt>{t('actions.preview.subject')}</dt>
            <dd data-testid="preview-subject">{message.subject}</dd>
          </div>
        ) : null}
        {isMessage ? (
          <div className="fact-wide">
            <dt>{t('actions.preview.attachments')}</dt>
            <dd data-testid="preview-attachments">{message.attachments.length === 0 ? t('actions.preview.noAttachment') : message.attachments.map((file) => file.filename).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      {message.text ? (
        <>
          <h4 className="subheading">{t('actions.preview.body')}</h4>
          <pre className="message-text" data-testid="preview-text">
            {message.text}
          </pre>
        </>
      ) : null}
      {message.html ? <iframe className="preview-html" title={t('actions.preview.html')} sandbox="" srcDoc={message.html} /> : null}
    </article>
  );
}
