import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from './access.js';
import { PAGE_CSP } from './security-headers.js';

// Swagger UI writes one <style> element from its script; styles cannot run code, scripts stay 'self'.
const DOCS_CSP = PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/**
 * The OpenAPI 3.1 document, built from the route schemas (GET /api/openapi.json), and the
 * interactive documentation at /api/docs, served from the package's own files.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Relance API',
        version: '1',
        description:
          'Receivables collection: customers, invoices, credit notes, payments, allocations, reports. Amounts are ' +
          '{"amount": "1234.56", "currency": "EUR"} (a decimal string, never a float); dates are YYYY-MM-DD. Errors are ' +
          'RFC 9457 problem details (application/problem+json) whose `errors` name the fields at fault. A change (POST, PUT, ' +
          'PATCH, DELETE) made with the session cookie must come from Relance\'s own pages: a browser request whose Origin or ' +
          'Sec-Fetch-Site names another site is refused with 403. Programs send an API key and are not checked.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/auth/login.' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, rk_…, created by an administrator.' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    // Only the API is documented; the web app's pages are not part of it.
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/') ? schema : { ...schema, hide: true }, url }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
