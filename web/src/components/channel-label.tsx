import { useI18n } from '../i18n.js';
import { statusLabel } from '../spoken-codes.js';

// Simple line drawings, 16×16, so a channel reads at a glance; the word always goes with it.
const ICONS: Record<string, string> = {
  email: 'M2 4h12v8H2z M2 4l6 5 6-5',
  sms: 'M2 3h12v8H7l-3 3v-3H2z',
  letter: 'M4 2h6l3 3v9H4z M10 2v3h3 M6 8h5 M6 11h5',
  registered_letter: 'M4 2h6l3 3v9H4z M10 2v3h3 M6.5 9.5l1.5 1.5 3-3',
  call_task: 'M4 2l2 0 1 3-1.5 1a7 7 0 0 0 4 4l1-1.5 3 1v2a1.5 1.5 0 0 1-1.5 1.5A11 11 0 0 1 2.5 3.5 1.5 1.5 0 0 1 4 2z',
  handoff: 'M2 8h9 M8 5l3 3-3 3 M13 3v10',
};

export function ChannelIcon({ channel }: { channel: string }) {
  return (
    <svg className="channel-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={ICONS[channel] ?? 'M3 8h10'} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}

/** A channel's icon and its name in the reader's language. */
export function ChannelLabel({ channel }: { channel: string }) {
  const { t } = useI18n();
  return (
    <span className={`channel channel-${channel}`} data-channel={channel}>
      <ChannelIcon channel={channel} />
      {statusLabel('channel', channel, t)}
    </span>
  );
}
