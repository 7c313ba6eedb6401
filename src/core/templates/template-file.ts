import { AppError, type ImportIssue } from '../app-error.js';
import type { Channel } from '../scenarios/scenario.js';

export const TEMPLATE_SECTIONS = ['subject', 'text', 'html'] as const;
export type TemplateSection = (typeof TEMPLATE_SECTIONS)[number];

export interface SectionSource {
  readonly source: string;
  /** Line of the file where the section's first line sits (1-based). */
  readonly line: number;
}

export type TemplateSections = Partial<Record<TemplateSection, SectionSource>>;

/** What each channel needs: an SMS is text only; a call task is a subject and a script. */
export const SECTIONS_BY_CHANNEL: Readonly<Record<Channel, readonly TemplateSection[]>> = {
  email: ['subject', 'text', 'html'],
  letter: ['subject', 'text', 'html'],
  registered_letter: ['subject', 'text', 'html'],
  handoff: ['subject', 'text', 'html'],
  call_task: ['subject', 'text'],
  sms: ['text'],
};

const MARKER = /^--- (\w+)\s*$/;

/**
 * Splits a message template file into its sections. A file is Liquid text cut by marker lines:
 *
 *     --- subject
 *     Invoice {{ invoices[0].number }}
 *     --- text
 *     …
 *     --- html
 *     …
 *
 * Lines before the first marker must be blank. `file` names the template in errors.
 */
export function splitTemplateSections(text: string, file: string): TemplateSections {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const sections: Record<string, { start: number; lines: string[] }> = {};
  const issues: ImportIssue[] = [];
  let current: { start: number; lines: string[] } | null = null;
  lines.forEach((line, index) => {
    const m = MARKER.exec(line);
    if (m) {
      const name = m[1]!;
      if (!(TEMPLATE_SECTIONS as readonly string[]).includes(name)) {
        issues.push({ file, line: index + 1, column: 5, message: `unknown section "${name}"; expected ${TEMPLATE_SECTIONS.join(', ')}` });
      } else if (sections[name]) {
        issues.push({ file, line: index + 1, column: 5, message: `section "${name}" appears twice` });
      }
      current = { start: index + 2, lines: [] };
      sections[name] = current;
      return;
    }
    if (current) current.lines.push(line);
    else if (line.trim() !== '') issues.push({ file, line: index + 1, column: 1, message: 'text before the first section marker ("--- subject", "--- text" or "--- html")' });
  });
  if (Object.keys(sections).length === 0 && issues.length === 0) {
    issues.push({ file, line: 1, column: 1, message: 'no section: a template starts with "--- subject", "--- text" or "--- html"' });
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', `${file}:${issues[0]!.line}:${issues[0]!.column}: ${issues[0]!.message}`, issues[0]!, { issues });
  }
  const result: TemplateSections = {};
  for (const name of TEMPLATE_SECTIONS) {
    const section = sections[name];
    if (section) result[name] = { source: section.lines.join('\n'), line: section.start };
  }
  return result;
}

/** Checks that a template has what the step's channel sends. */
export function requireSectionsFor(channel: Channel, sections: TemplateSections, file: string): void {
  const missing = SECTIONS_BY_CHANNEL[channel].filter((name) => !sections[name] || sections[name].source.trim() === '');
  if (missing.length > 0) {
    throw new AppError('validation_failed', `${file}: a ${channel} template needs the section(s) ${missing.join(', ')}`, { file });
  }
}
