import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../adapters/db/database.js';
import type { CollectionRunner } from '../app/collection/daily-collection-worker.js';
import { ImportJobs } from '../app/import/import-jobs.js';
import { accessOf, authenticateRequest, checkAccess, type Access } from './access.js';
import { registerOpenApi } from './openapi.js';
import { refuseNulCharacters } from './refuse-nul-characters.js';
import { useProblemDetails } from './problem-details.js';
import { allocationRoutes } from './routes/allocations/routes.js';
import { callOutcomeRoutes } from './routes/collection/call-outcome-routes.js';
import { collectionRoutes } from './routes/collection/routes.js';
import { nextStepRoutes } from './routes/collection/next-step-routes.js';
import { dailyRunRoutes } from './routes/collection/daily-run-routes.js';
import { apiKeyRoutes } from './routes/api-keys/routes.js';
import { authRoutes } from './routes/auth/routes.js';
import { bankDetailsRoutes } from './routes/bank-details/routes.js';
import { bankAccountRoutes } from './routes/bank-accounts/routes.js';
import { reconciliationRoutes } from './routes/reconciliation/routes.js';
import { paymentReferenceRoutes } from './routes/payment-references/routes.js';
import { contactRoutes } from './routes/contacts/routes.js';
import { creditNoteRoutes } from './routes/credit-notes/routes.js';
import { customerRoutes } from './routes/customers/routes.js';
import { importRoutes } from './routes/imports.js';
import { inboundMessageRoutes } from './routes/inbound-messages/routes.js';
import { importJobRoutes } from './routes/import-jobs.js';
import { invoiceRoutes } from './routes/invoices/routes.js';
import { invoicePdfRoutes } from './routes/invoices/pdf-routes.js';
import { lateFeeRoutes } from './routes/late-fees/routes.js';
import { organizationRoutes } from './routes/organization/routes.js';
import { outboxRoutes } from './routes/outbox/routes.js';
import { paymentRoutes } from './routes/payments/routes.js';
import { reportRoutes } from './routes/reports/routes.js';
import { scenarioRoutes } from './routes/scenarios/routes.js';
import { scenarioAdminRoutes } from './routes/scenario-admin/routes.js';
import { setupRoutes } from './routes/setup/routes.js';
import { simulationRoutes } from './routes/simulations/routes.js';
import { templateRoutes } from './routes/templates/routes.js';
import { timelineRoutes } from './routes/timeline/routes.js';
import { userRoutes } from './routes/users/routes.js';
import { webhookRoutes } from './routes/webhooks/routes.js';
import { worklistRoutes } from './routes/worklist/routes.js';
import { debtorRequestRoutes } from './routes/debtor-requests/routes.js';
import { registerDebtorActionRoutes } from './portal/debtor-action-routes.js';
import { useOriginCheck } from './origin-check.js';
import { registerPortalAccess } from './portal/portal-access.js';
import { registerPortal } from './portal/register-portal.js';
import { debtorPageSettingsRoutes } from './routes/debtor-page-settings/routes.js';
import { portalLinkRoutes } from './routes/portal-links/routes.js';
import { dossierRoutes } from './routes/dossier/routes.js';
import { mandateRoutes } from './routes/mandates/routes.js';
import { agencyRoutes } from './routes/agency/routes.js';
import { agencyMessageRoutes } from './routes/agency-messages/routes.js';
import { agencyScenarioRoutes } from './routes/agency-scenario/routes.js';
import { handoffReportRoutes } from './routes/handoff-reports/routes.js';
import { useSecurityHeaders } from './security-headers.js';
import { useStrictBodyValidation } from './validator.js';
import { registerWebApp } from './web-app.js';

export interface AppOptions {
  db: Db;
  logger?: boolean;
  /**
   * The clock every route reads: sessions, "today" in the organization's time zone, the default
   * as-of date of reports. `relance serve` passes the wall clock, tests that depend on the day a
   * fixed one; left out, it is the wall clock.
   */
  now?: () => Date;
  /** Mark the session cookie Secure even when a proxy in front terminates TLS. */
  secureCookies?: boolean;
  /** The address people open Relance at (PUBLIC_URL): changes are accepted from pages of that origin too. */
  publicUrl?: string | undefined;
  /**
   * Believe X-Forwarded-For and X-Forwarded-Proto (true, or the proxies' addresses): the client
   * address sign-in throttling counts and whether the request came over TLS. Off, the socket's.
   */
  trustProxy?: boolean | string;
  /** Let webhook endpoints on loopback or private addresses be saved; ALLOW_PRIVATE_WEBHOOKS=1 when left out. */
  allowPrivateWebhooks?: boolean;
  /** Where POST /api/collection/runs runs: `relance serve` gives its collection thread; on the request's thread when left out. */
  collectionRuns?: CollectionRunner;
}

/** One registered route and who may call it. */
export interface RouteSummary {
  method: string;
  url: string;
  access: Access;
}

const routeTables = new WeakMap<FastifyInstance, RouteSummary[]>();

/** Every route the app has registered, with its access rule, so tests can walk them all. */
export function routesOf(app: FastifyInstance): readonly RouteSummary[] {
  return routeTables.get(app) ?? [];
}

/** The HTTP application: API routes, API docs and the built web app, on one Fastify instance. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const app = Fastify({ logger: options.logger ?? false, trustProxy: options.trustProxy ?? false });

  const routes: RouteSummary[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access: accessOf(route.url, method, route.config?.access) });
  });

  useStrictBodyValidation(app);
  useProblemDetails(app);
  useSecurityHeaders(app);
  useOriginCheck(app, { publicUrl: options.publicUrl });
  refuseNulCharacters(app);
  await app.register(cookie);
  await registerOpenApi(app);
  await registerPortalAccess(app, { db, now, publicUrl: options.publicUrl });

  // Runs before the body is read or validated: an unauthorised caller learns nothing about
  // what a valid request would look like.
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return;
    const access = accessOf(url, request.method, request.routeOptions.config.access);
    if (access === 'public') return;
    request.caller = await authenticateRequest(db, request, now());
    checkAccess(access, request.caller);
  });

  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['health'], summary: 'Liveness, and which database engine is in use', security: [] } },
    async () => ({ status: 'ok', database: db.engine }),
  );

  await app.register(authRoutes, { db, now, secureCookies: options.secureCookies ?? false });
  await app.register(userRoutes, { db });
  await app.register(apiKeyRoutes, { db });
  await app.register(customerRoutes, { db, now });
  await app.register(contactRoutes, { db });
  await app.register(invoiceRoutes, { db, now });
  await app.register(invoicePdfRoutes, { db });
  await app.register(creditNoteRoutes, { db });
  await app.register(paymentRoutes, { db });
  await app.register(allocationRoutes, { db, now });
  await app.register(reportRoutes, { db, now });
  await app.register(worklistRoutes, { db, now });
  // One import thread for the synchronous imports, the previews and the background jobs, one file at a time.
  const importJobs = new ImportJobs(db);
  app.addHook('onClose', () => importJobs.close());
  await app.register(importRoutes, { importJobs });
  await app.register(importJobRoutes, { importJobs });
  await app.register(collectionRoutes, { db, now, ...(options.collectionRuns ? { runCollection: options.collectionRuns } : {}) });
  await app.register(timelineRoutes, { db, now });
  await app.register(inboundMessageRoutes, { db, now });
  await app.register(dailyRunRoutes, { db });
  await app.register(callOutcomeRoutes, { db, now });
  await app.register(nextStepRoutes, { db, now });
  await app.register(lateFeeRoutes, { db, now });
  await app.register(bankDetailsRoutes, { db });
  await app.register(bankAccountRoutes, { db });
  await app.register(reconciliationRoutes, { db });
  await app.register(paymentReferenceRoutes, { db });
  await app.register(organizationRoutes, { db });
  await app.register(outboxRoutes, { db, now });
  await app.register(scenarioRoutes, { db });
  await app.register(scenarioAdminRoutes, { db, now });
  await app.register(setupRoutes, { db, now });
  await app.register(simulationRoutes, { db, now });
  await app.register(templateRoutes, { db, now });
  await app.register(debtorRequestRoutes, { db, now });
  await registerDebtorActionRoutes(app, { db, now });
  await app.register(portalLinkRoutes, { db, now });
  await app.register(dossierRoutes, { db, now });
  await app.register(mandateRoutes, { db, now });
  await app.register(agencyRoutes, { db, now });
  await app.register(agencyMessageRoutes, { db, now });
  await app.register(agencyScenarioRoutes, { db });
  await app.register(handoffReportRoutes, { db, now });
  await app.register(webhookRoutes, { db, allowPrivateAddresses: options.allowPrivateWebhooks });

  await app.register(debtorPageSettingsRoutes, { db });
  await registerPortal(app, { db, now });
  await registerWebApp(app);
  return app;
}
