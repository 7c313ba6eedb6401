const formats = new Map<string, Intl.DateTimeFormat>();

/** An ISO instant (when a message was queued or sent) in the reader's locale and time zone. */
export function formatTimestamp(iso: string, locale: string): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    formats.set(locale, format);
  }
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : format.format(instant);
}
