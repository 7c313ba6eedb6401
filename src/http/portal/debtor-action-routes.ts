import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/app-error.js';
import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { askOnPage } from '../../app/portal/ask-on-page.js';
import { MAX_UPLOAD_BYTES, type PageUpload } from '../../app/portal/check-upload.js';
import { claimPaidOnPage } from '../../app/portal/claim-paid-on-page.js';
import { DebtorRefusal, refusalCodeOf } from '../../app/portal/debtor-refusal.js';
import { debtorRequestViews } from '../../app/portal/debtor-request-view.js';
import { disputeOnPage } from '../../app/portal/dispute-on-page.js';
import { promiseOnPage } from '../../app/portal/promise-on-page.js';
import type { PageAccess } from '../../app/portal/record-debtor-request.js';
import { requestPlanOnPage } from '../../app/portal/request-plan-on-page.js';
import { updateContactOnPage } from '../../app/portal/update-contact-on-page.js';
import { checkPortalCsrf, isJsonBody, PORTAL_CSRF_FIELD } from './csrf.js';
import { portalAccessOf } from './portal-access.js';
import { askedPortalLanguage, portalPagePath, sendFormExpired, wantsJson } from './portal-pages.js';

/** A form's fields, every value as the list of what was sent under its name, and its one file. */
interface FormInput {
  fields: Map<string, string[]>;
  file: PageUpload | null;
}

const FILE_FIELDS = new Set(['proof', 'attachment']);

function refusedFile(field: string): DebtorRefusal {
  return new DebtorRefusal('file_too_large', `${field} is larger than 5 MB`, field);
}

/** Reads a multipart form as a stream, the file kept in memory up to 5 MB; urlencoded and JSON bodies as parsed. */
async function readForm(request: FastifyRequest): Promise<FormInput> {
  const fields = new Map<string, string[]>();
  const add = (name: string, value: unknown) => {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === null || item === undefined) continue;
      const text = typeof item === 'string' ? item : typeof item === 'number' || typeof item === 'boolean' ? String(item) : null;
      if (text === null) throw new DebtorRefusal('invalid_field', `${name} must be text`, name);
      // No text column can hold NUL: refused here, as the app refuses it in JSON bodies.
      if (text.includes('\u0000')) throw new DebtorRefusal('invalid_field', `${name} must not hold a NUL character`, name);
      fields.set(name, [...(fields.get(name) ?? []), text]);
    }
  };
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('validation_failed', 'the body must be an object of fields', { field: 'body' });
    for (const [name, value] of Object.entries(body)) add(name, value);
    return { fields, file: null };
  }
  let file: PageUpload | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      add(part.fieldname, part.value);
      continue;
    }
    if (!FILE_FIELDS.has(part.fieldname)) {
      part.file.resume();
      throw new DebtorRefusal('invalid_field', `${part.fieldname} is not a file field of this form`, part.fieldname);
    }
    let content: Buffer;
    try {
      content = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw refusedFile(part.fieldname);
      throw error;
    }
    if (part.file.truncated) throw refusedFile(part.fieldname);
    // A form sent without choosing a file carries an empty part with no name.
    if (content.byteLength === 0 && !part.filename) continue;
    if (file) throw new DebtorRefusal('invalid_field', 'one file per form', part.fieldname);
    file = { fileName: part.filename, contentType: part.mimetype, content };
  }
  return { fields, file };
}

const one = (form: FormInput, name: string): string => form.fields.get(name)?.[0] ?? '';
const many = (form: FormInput, name: string): string[] => (form.fields.get(name) ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');

function wholeNumber(text: string, field: string): number {
  if (!/^\d{1,3}$/.test(text.trim())) throw new DebtorRefusal('invalid_instalments', `${field} must be a whole number`, field);
  return Number(text.trim());
}

type ActionHandler = (db: Db, access: PageAccess, form: FormInput, now: Date) => Promise<DebtorRequestRow>;

/** Each form of the debtor page: its path (also the name the page's notices use) and what it does. */
const ACTIONS: Record<string, ActionHandler> = {
  claims: (db, access, form, now) => claimPaidOnPage(db, access, { paidOn: one(form, 'paid_on'), amount: one(form, 'amount'), reference: one(form, 'reference'), invoiceIds: many(form, 'invoice_ids'), proof: form.file }, now),
  promises: (db, access, form, now) => promiseOnPage(db, access, { promisedOn: one(form, 'promised_on'), invoiceIds: many(form, 'invoice_ids') }, now),
  'plan-requests': (db, access, form, now) => requestPlanOnPage(db, access, { instalments: wholeNumber(one(form, 'instalments'), 'instalments'), firstOn: one(form, 'first_on'), invoiceIds: many(form, 'invoice_ids') }, now),
  disputes: (db, access, form, now) => disputeOnPage(db, access, { invoiceId: one(form, 'invoice_id'), reason: one(form, 'reason'), message: one(form, 'message'), attachment: form.file }, now),
  questions: (db, access, form, now) => askOnPage(db, access, { kind: one(form, 'kind') || 'question', invoiceId: one(form, 'invoice_id') || null, message: one(form, 'message'), attachment: form.file }, now),
  contact: (db, access, form, now) => updateContactOnPage(db, access, { name: one(form, 'name'), email: one(form, 'email'), phone: one(form, 'phone') }, now),
};

const registered = new WeakSet<FastifyInstance>();

/**
 * The debtor page's forms: "already paid", a promise, a payment plan, a dispute, a question or
 * missing document, the accounts-payable contact. A form post (urlencoded, or multipart with one
 * PDF, PNG or JPEG of at most 5 MB) carries the page's CSRF value and is answered by a redirect
 * to the page saying it was done or why it was refused; a script sending `Accept:
 * application/json` gets 201 and the request as JSON, or problem details naming the field.
 */
export async function registerDebtorActionRoutes(app: FastifyInstance, options: { db: Db; now: () => Date }): Promise<void> {
  // build-app.ts registers them; a second call (from the page's own plugin) changes nothing.
  if (registered.has(app)) return;
  registered.add(app);
  const { db, now } = options;
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    // A file, plus some short fields; one file per form.
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 40, parts: 42, fieldSize: 16 * 1024 } });
    for (const [action, handler] of Object.entries(ACTIONS)) {
      scope.post(`/p/:token/${action}`, { config: { access: 'public' }, schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
        const access = portalAccessOf(request);
        const json = wantsJson(request);
        try {
          const form = await readForm(request);
          if (!isJsonBody(request)) checkPortalCsrf(request, form.fields.get(PORTAL_CSRF_FIELD)?.[0]);
          const row = await handler(db, access, form, now());
          if (json) {
            const [view] = await debtorRequestViews(db, access.organizationId, [row]);
            return reply.code(201).header('cache-control', 'no-store').send({ request: view });
          }
          return reply.code(303).header('location', portalPagePath(request, { done: action })).send();
        } catch (error) {
          if (!json && error instanceof AppError && error.code === 'forbidden' && error.place.field === PORTAL_CSRF_FIELD) {
            return sendFormExpired(reply, portalPagePath(request), askedPortalLanguage(request) ?? 'en');
          }
          if (json || !(error instanceof AppError) || ['forbidden', 'not_found', 'too_many_requests'].includes(error.code)) throw error;
          return reply.code(303).header('location', portalPagePath(request, { refused: action, why: refusalCodeOf(error) })).send();
        }
      });
    }
  });
}
