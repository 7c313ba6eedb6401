import type { LocalMoment } from '../../core/collection/business-days.js';
import type { PlainDate } from '../../core/plain-date.js';

// Making a formatter costs far more than using one; a run asks the time thousands of times.
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let fmt = clockFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    clockFormats.set(timeZone, fmt);
  }
  return fmt;
}

function wallClock(instant: Date, timeZone: string): { date: string; time: string; ms: number } {
  const fmt = clockFormat(timeZone);
  const p = Object.fromEntries(fmt.formatToParts(instant).map((part) => [part.type, part.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const time = `${p.hour}:${p.minute}`;
  return { date, time, ms: Date.parse(`${date}T${time}:${p.second}Z`) };
}

/** The organization's wall clock at an instant: its date and "HH:MM". */
export function localMomentOf(instant: Date, timeZone: string): LocalMoment {
  const { date, time } = wallClock(instant, timeZone);
  return { date: date as PlainDate, time };
}

/**
 * The instant a wall-clock moment of the time zone stands for. The offset is read at a first
 * guess and read again at the corrected instant, which settles it across a DST change; a
 * moment that does not exist (the skipped spring hour) lands just after the gap.
 */
export function instantOf(moment: LocalMoment, timeZone: string): Date {
  const wanted = Date.parse(`${moment.date}T${moment.time}:00Z`);
  let guess = wanted;
  for (let i = 0; i < 2; i += 1) guess = wanted - (wallClock(new Date(guess), timeZone).ms - guess);
  return new Date(guess);
}

export function laterMoment(a: LocalMoment, b: LocalMoment): LocalMoment {
  return `${a.date}T${a.time}` >= `${b.date}T${b.time}` ? a : b;
}
