import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../adapters/db/database.js';
import { getInvoice } from '../../adapters/db/stores/documents.js';
import { getInvoiceFile } from '../../adapters/db/stores/invoice-files.js';
import { getPortalLogo } from '../../adapters/db/stores/portal-settings.js';
import { renderPaymentQrPng } from '../../adapters/channels/payment-qr-image.js';
import { addDays } from '../../core/plain-date.js';
import { loadDebtorConversation } from '../../app/portal/debtor-conversation.js';
import { debtorPageJson, debtorQrPayload, loadDebtorFacts } from '../../app/portal/load-debtor-page.js';
import { renderCustomerStatementPdf } from '../../app/render-customer-statement-pdf.js';
import { portalCsrfToken } from './csrf.js';
import { DEBTOR_PAGE_CSP } from './debtor-page-style.js';
import { portalAccessOf, registerPortalAccess } from './portal-access.js';
import { PORTAL_LANGUAGE_COOKIE, PORTAL_LANGUAGES, portalLanguageOf, sendLinkNotValid, wantsJson, type PortalLanguage } from './portal-pages.js';
import { noticeOf, renderDebtorPage } from './render-debtor-page.js';

export interface PortalOptions {
  db: Db;
  now: () => Date;
}

const tags = ['debtor page'];
const tokenParams = { type: 'object', required: ['token'], properties: { token: { type: 'string' } } } as const;

function chosenLanguage(request: FastifyRequest, reply: FastifyReply, customerLanguage: string): PortalLanguage {
  const asked = (request.query as { lang?: unknown }).lang;
  if (typeof asked === 'string' && (PORTAL_LANGUAGES as readonly string[]).includes(asked)) {
    if (request.cookies[PORTAL_LANGUAGE_COOKIE] !== asked) {
      reply.setCookie(PORTAL_LANGUAGE_COOKIE, asked, { path: '/p/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: 365 * 24 * 3600 });
    }
    return asked as PortalLanguage;
  }
  const kept = request.cookies[PORTAL_LANGUAGE_COOKIE];
  if (kept && (PORTAL_LANGUAGES as readonly string[]).includes(kept)) return kept as PortalLanguage;
  return portalLanguageOf(customerLanguage);
}

/** The page's own path, rebuilt from the token the link opened with (never from the raw URL). */
function baseOf(request: FastifyRequest): string {
  return `/p/${encodeURIComponent((request.params as { token: string }).token)}`;
}

/**
 * The debtor's page and what it links to, all under /p/:token (the link opens them, see
 * portal-access.ts): the page itself (HTML, or JSON on `Accept: application/json`), the QR
 * codes, the invoices' documents, the statement and the creditor's logo. What the page's forms
 * post to is registered beside it (debtor-action-routes.ts).
 */
export async function registerPortal(app: FastifyInstance, options: PortalOptions): Promise<void> {
  const { db, now } = options;
  await registerPortalAccess(app, { db, now });

  app.get(
    '/p/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "The customer's page: open invoices, balance, how to pay, its requests and the creditor's answers (HTML; JSON with Accept: application/json)",
        params: tokenParams,
        security: [],
      },
    },
    async (request, reply) => {
      const access = portalAccessOf(request);
      const [facts, conversation] = await Promise.all([loadDebtorFacts(db, access, now()), loadDebtorConversation(db, access)]);
      const base = baseOf(request);
      const page = debtorPageJson(facts, base);
      reply.header('cache-control', 'no-store');
      if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send({ ...page, requests: conversation.items });
      const language = chosenLanguage(request, reply, facts.customer.language);
      const html = renderDebtorPage({
        page,
        language,
        base,
        csrfToken: portalCsrfToken(request, reply),
        notice: noticeOf(request.query as Record<string, unknown>),
        requests: conversation.items,
        promiseLastDay: addDays(facts.asOf, facts.promiseMaxDays),
      });
      return reply.type('text/html; charset=utf-8').header('content-security-policy', DEBTOR_PAGE_CSP).send(html);
    },
  );

  app.get<{ Querystring: { invoice?: string } }>(
    '/p/:token/qr.png',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The EPC QR code (PNG) of a transfer paying one invoice (?invoice=ID) or the whole balance',
        params: tokenParams,
        querystring: { type: 'object', properties: { invoice: { type: 'string', maxLength: 100 } } },
        security: [],
      },
    },
    async (request, reply) => {
      const facts = await loadDebtorFacts(db, portalAccessOf(request), now());
      const payload = debtorQrPayload(facts, request.query.invoice ?? null);
      if (!payload) return sendLinkNotValid(request, reply);
      return reply.type('image/png').header('cache-control', 'private, no-store').send(await renderPaymentQrPng(payload));
    },
  );

  app.get<{ Params: { token: string; invoiceId: string } }>(
    '/p/:token/invoices/:invoiceId/document',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "An invoice's document as issued (PDF or the file on record); an invoice of another customer is not found",
        params: { type: 'object', required: ['token', 'invoiceId'], properties: { token: { type: 'string' }, invoiceId: { type: 'string' } } },
        security: [],
      },
    },
    async (request, reply) => {
      const access = portalAccessOf(request);
      const invoice = await getInvoice(db, access.organizationId, request.params.invoiceId);
      // Another customer's invoice gets the answer a link that opens nothing gets: nothing tells it exists.
      const file = invoice && invoice.customer_id === access.customerId ? await getInvoiceFile(db, access.organizationId, invoice.id) : undefined;
      if (!file) return sendLinkNotValid(request, reply);
      const pdf = file.content_type === 'application/pdf';
      const name = file.file_name.replace(/[^A-Za-z0-9._-]+/g, '_');
      reply.header('content-disposition', `${pdf ? 'inline' : 'attachment'}; filename="${name}"`).header('cache-control', 'private, no-store');
      // A file that is not a PDF is only ever downloaded, and would run nothing if opened here.
      if (!pdf) reply.header('content-security-policy', "default-src 'none'; sandbox");
      return reply.type(pdf ? 'application/pdf' : 'application/octet-stream').send(Buffer.from(file.content_base64, 'base64'));
    },
  );

  app.get(
    '/p/:token/statement.pdf',
    { config: { access: 'public' }, schema: { tags, summary: "The customer's statement of account as a PDF, in the customer's language", params: tokenParams, security: [] } },
    async (request, reply) => {
      const facts = await loadDebtorFacts(db, portalAccessOf(request), now());
      const pdf = await renderCustomerStatementPdf(db, facts.organization, facts.customer, { now: now() });
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${pdf.fileName}"`).header('cache-control', 'private, no-store').send(pdf.content);
    },
  );

  app.get(
    '/p/:token/logo',
    { config: { access: 'public' }, schema: { tags, summary: "The creditor's logo", params: tokenParams, security: [] } },
    async (request, reply) => {
      const logo = await getPortalLogo(db, portalAccessOf(request).organizationId);
      if (!logo) return sendLinkNotValid(request, reply);
      // An SVG opened on its own runs nothing: sandboxed, no script, only its own inline styles.
      return reply
        .type(logo.contentType)
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('cache-control', 'private, max-age=86400')
        .send(Buffer.from(logo.base64, 'base64'));
    },
  );
}
