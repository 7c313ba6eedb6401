import { IncludeTag, Liquid, RenderTag, type Context, type Emitter, type Template } from 'liquidjs';
import { AppError } from '../../core/app-error.js';
import { isCurrency } from '../../core/money.js';
import { parseIsoDate } from '../../core/plain-date.js';
import type { Channel, MessageLanguage } from '../../core/scenarios/scenario.js';
import { formatDateForLanguage, formatMoneyForLanguage, LANGUAGE_LOCALES } from '../../core/templates/format-for-language.js';
import type { TemplateContext } from '../../core/templates/template-context.js';
import { requireSectionsFor, splitTemplateSections, type TemplateSection } from '../../core/templates/template-file.js';

/** A message ready for its channel; sections the template does not have are null. */
export interface RenderedMessage {
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
}

export interface TemplateRenderer {
  /** Renders `templates/<templateId>.<language>.liquid`; `html: false` leaves the HTML section out (a dry run shows text only). */
  render(templateId: string, language: MessageLanguage, context: TemplateContext, channel?: Channel, options?: { html?: boolean }): RenderedMessage;
  /** Renders a template that is not stored yet (an edit being previewed), named `file` in errors. */
  renderSource(source: string, file: string, language: MessageLanguage, context: TemplateContext, channel?: Channel): RenderedMessage;
}

/** The template name a step template or partial is stored under: the file name without `.liquid`. */
export function templateName(templateId: string, language: MessageLanguage): string {
  return `${templateId}.${language}`;
}

function isMoney(value: unknown): value is { minor: number; currency: string } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return Number.isSafeInteger(record.minor) && typeof record.currency === 'string' && isCurrency(record.currency);
}

/** How deep templates may include one another; the built-in ones go two deep. */
export const INCLUDE_DEPTH_LIMIT = 10;
/** Milliseconds one message may take to render, all its sections together. */
export const MESSAGE_RENDER_LIMIT_MS = 2_000;

const DEPTH_EXCEEDED = `templates include one another more than ${INCLUDE_DEPTH_LIMIT} deep; a template that includes itself never ends`;
const TIME_EXCEEDED = `the message took longer than ${MESSAGE_RENDER_LIMIT_MS / 1000} s to render`;

type PartialTag = new (...args: any[]) => { render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> };

/** The tag, refusing to go deeper than `INCLUDE_DEPTH_LIMIT` partials: counted per engine, which renders one message at a time. */
function depthLimited<T extends PartialTag>(Base: T, depth: { current: number }): T {
  return class extends Base {
    override *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      if (depth.current >= INCLUDE_DEPTH_LIMIT) throw new Error(DEPTH_EXCEEDED);
      depth.current += 1;
      try {
        yield* super.render(ctx, emitter);
      } finally {
        depth.current -= 1;
      }
    }
  };
}

function engineFor(templates: Record<string, string>, language: MessageLanguage, escapeHtml: boolean): Liquid {
  const engine = new Liquid({
    // In memory only: a template cannot reach the file system through include or render.
    templates,
    // Partials never change inside one renderer, so they are parsed once.
    cache: true,
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    ...(escapeHtml ? { outputEscape: 'escape' as const } : {}),
    // Denial-of-service guards for templates written by users.
    parseLimit: 200_000,
    renderLimit: 2_000,
    memoryLimit: 10_000_000,
  });
  const depth = { current: 0 };
  engine.registerTag('include', depthLimited(IncludeTag, depth));
  engine.registerTag('render', depthLimited(RenderTag, depth));
  engine.registerFilter('money', (value: unknown) => {
    if (!isMoney(value)) throw new Error(`the money filter takes an amount such as balance or invoice.open, got ${JSON.stringify(value)}`);
    return formatMoneyForLanguage(value.minor, value.currency, language);
  });
  engine.registerFilter('long_date', (value: unknown) => {
    const date = typeof value === 'string' ? parseIsoDate(value) : null;
    if (date === null) throw new Error(`the long_date filter takes a date such as invoice.due_date, got ${JSON.stringify(value)}`);
    return formatDateForLanguage(date, language);
  });
  const plurals = new Intl.PluralRules(LANGUAGE_LOCALES[language]);
  engine.registerFilter('plural', (value: unknown, singular: unknown, plural: unknown) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`the plural filter takes a number such as invoice.days_overdue, got ${JSON.stringify(value)}`);
    if (typeof singular !== 'string' || typeof plural !== 'string') throw new Error("the plural filter takes the singular and the plural noun: plural: 'jour', 'jours'");
    // French counts 0 and 1 as singular ("0 jour"), English and German only 1: the language's own rule decides.
    return `${value} ${plurals.select(value) === 'one' ? singular : plural}`;
  });
  engine.registerFilter('elide', (value: unknown, word: unknown) => {
    if (typeof value !== 'string') throw new Error(`the elide filter takes a name such as organization.name, got ${JSON.stringify(value)}`);
    if (typeof word !== 'string' || word === '') throw new Error("the elide filter takes the word to put before the name: elide: 'de'");
    return elide(word, value);
  });
  return engine;
}

/**
 * French elision: "d'Atelier Durand", "qu'Élise", "l'Orangerie", but "de Boulangerie Martin".
 * Only words ending in a mute e (de, que, le, je, ne, se, me, te, ce, jusque, lorsque, puisque)
 * and "la" elide. An initial h is left alone, since whether it is mute cannot be told from the
 * spelling, and so is a y followed by a vowel ("de Yamaha", but "d'Yves").
 */
export function elide(word: string, name: string): string {
  const elides = /^(?:d|qu|l|j|n|s|m|t|c|jusqu|lorsqu|puisqu)e$/i.test(word) || /^la$/i.test(word);
  const vowel = /^[aeiouàâäéèêëîïôöùûüæœ]/i.test(name) || /^y[^aeiouàâäéèêëîïôöùûüæœ]/i.test(name);
  return elides && vowel ? `${word.slice(0, -1)}'${name}` : `${word} ${name}`;
}

interface LiquidLikeError {
  message: string;
  token?: { getPosition(): number[]; input?: string };
  originalError?: { variableName?: string; message?: string };
}

function toAppError(error: unknown, file: string, section: string, lineOffset: number, templates: Record<string, string>): AppError {
  const liquid = error as LiquidLikeError;
  const [line, column] = liquid.token?.getPosition() ?? [];
  // Tokens of in-memory templates carry no file name, only the text they were read from.
  const input = liquid.token?.input;
  const partial = input !== undefined && input !== section ? Object.keys(templates).find((name) => templates[name] === input) : undefined;
  const where = partial !== undefined ? `${partial}.liquid` : file;
  const atLine = line === undefined ? undefined : partial !== undefined ? line : line + lineOffset;
  const variable = liquid.originalError?.variableName;
  const sentence = variable !== undefined ? `variable "${variable}" is not defined` : (liquid.originalError?.message ?? liquid.message).replace(/, line:\d+, col:\d+$/, '')
          .replace(/^ENOENT: Failed to lookup "([^"]+)".*$/, 'no template named "$1"')
          .replace(/^template render limit exceeded$/, TIME_EXCEEDED)
          .replace(/^memory alloc limit exceeded$/, 'the message needs more memory than a message may take to render')
          .replace(/^Maximum call stack size exceeded$/, DEPTH_EXCEEDED);
  return new AppError(
    'validation_failed',
    `${where}${atLine !== undefined ? `:${atLine}:${column}` : ''}: ${sentence}`,
    { file: where, ...(atLine !== undefined ? { line: atLine, column } : {}) },
    { cause: error },
  );
}

/**
 * Liquid rendering of message templates, strict: an unknown variable or filter is an error that
 * names it and its place, so a broken template never reaches a customer. `files` maps template
 * names (`firm-reminder.fr`, partials such as `_invoices.fr`) to their text.
 */
export function createTemplateRenderer(files: Readonly<Record<string, string>>): TemplateRenderer {
  const templates = { ...files };
  const engines = new Map<string, Liquid>();
  const engine = (language: MessageLanguage, html: boolean) => {
    const key = `${language}:${html}`;
    let found = engines.get(key);
    if (!found) {
      found = engineFor(templates, language, html);
      engines.set(key, found);
    }
    return found;
  };

  // Stored templates are parsed once per renderer: a run renders the same few thousands of times.
  const parsed = new Map<string, Template[]>();
  const parse = (liquid: Liquid, key: string | null, source: string): Template[] => {
    if (key === null) return liquid.parse(source);
    let templatesOf = parsed.get(key);
    if (!templatesOf) {
      templatesOf = liquid.parse(source);
      parsed.set(key, templatesOf);
    }
    return templatesOf;
  };

  function renderWith(
    source: string,
    file: string,
    language: MessageLanguage,
    context: TemplateContext,
    channel: Channel | undefined,
    cacheKey: string | null,
    withHtml = true,
  ): RenderedMessage {
    const sections = splitTemplateSections(source, file);
    if (channel) requireSectionsFor(channel, sections, file);
    // Rendering is synchronous: a slow template would hold up every request the server answers.
    const deadline = performance.now() + MESSAGE_RENDER_LIMIT_MS;
    const renderSection = (name: TemplateSection): string | null => {
      const section = sections[name];
      if (!section) return null;
      try {
        const liquid = engine(language, name === 'html');
        const renderLimit = Math.max(1, deadline - performance.now());
        const output: string = liquid.renderSync(parse(liquid, cacheKey === null ? null : `${cacheKey}:${name}`, section.source), context, { renderLimit });
        return name === 'subject' ? output.replace(/\s+/g, ' ').trim() : tidy(output);
      } catch (error) {
        throw toAppError(error, file, section.source, section.line - 1, templates);
      }
    };
    return { subject: renderSection('subject'), text: renderSection('text'), html: withHtml ? renderSection('html') : null };
  }

  function renderSource(source: string, file: string, language: MessageLanguage, context: TemplateContext, channel?: Channel): RenderedMessage {
    return renderWith(source, file, language, context, channel, null);
  }

  return {
    render(templateId, language, context, channel, options) {
      const name = templateName(templateId, language);
      const source = templates[name];
      if (source === undefined) throw new AppError('not_found', `no template ${name}.liquid`, { file: `${name}.liquid` });
      return renderWith(source, `${name}.liquid`, language, context, channel, name, options?.html !== false);
    },
    renderSource,
  };
}

/** Liquid tags leave blank lines behind; keep at most one empty line and no trailing spaces. */
function tidy(output: string): string {
  return output
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
