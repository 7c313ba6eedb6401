import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` (and `npm install`, through `prepare`) writes the app. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface WebAppOptions {
  /** A directory holding a built app (index.html + assets); defaults to web/dist. */
  root?: string;
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

const MISSING_PAGE_STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1.5rem;color:#1c2430;line-height:1.5}
code{background:#eef1f4;padding:.1rem .35rem;border-radius:4px}h1{font-size:1.4rem}`;

// The page's one inline style, allowed by its hash; nothing else inline may run or apply.
const MISSING_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(MISSING_PAGE_STYLE).digest('base64')}'; frame-ancestors 'none'`;

const MISSING_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Relance — web app not built</title>
<style>${MISSING_PAGE_STYLE}</style></head>
<body>
<h1>The web app is not built</h1>
<p>The API is running (see <a href="/api/docs">/api/docs</a>), but the folder <code>web/dist</code> is missing.
Build the web app with <code>npm run build:web</code> (<code>npm install</code> does it too), then restart the server.</p>
<p lang="fr">L'API fonctionne, mais l'application web n'est pas construite : lancez <code>npm run build:web</code>, puis redémarrez le serveur.</p>
</body>
</html>
`;

/**
 * Serves the built React app and answers index.html for every other non-API GET, so that a
 * reload on /customers/42 opens the same page. API paths that match no route keep the API's
 * own 404 (problem details), never the HTML page.
 */
export async function registerWebApp(app: FastifyInstance, options: WebAppOptions = {}): Promise<void> {
  const root = options.root ?? WEB_DIST;
  const built = existsSync(join(root, 'index.html'));

  await app.register(async (scope) => {
    if (!built) {
      scope.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
        if (isApiPath(request.url)) return reply.callNotFound();
        return reply
          .code(503)
          .header('cache-control', 'no-store')
          .header('content-security-policy', MISSING_PAGE_CSP)
          .type('text/html; charset=utf-8')
          .send(MISSING_PAGE);
      });
      return;
    }

    await scope.register(fastifyStatic, {
      root,
      // One route per built file, read at start-up: the catch-all below stays ours.
      wildcard: false,
      cacheControl: false,
      // Source maps would hand out the app's source: a build made with them (an older one, or a
      // developer's) still does not serve them.
      allowedPath: (pathName) => !pathName.endsWith('.map'),
      setHeaders(reply, path) {
        // Vite puts a content hash in every asset name, so an asset never changes under its URL;
        // index.html must be revalidated to pick up a new build.
        if (/[\\/]assets[\\/]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
        else reply.header('cache-control', 'no-cache');
      },
    });

    // Pages are not part of the API: kept out of the OpenAPI document.
    scope.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
      // A missing asset (an old build's file) must fail as such, not come back as a page.
      if (isApiPath(request.url) || request.url.startsWith('/assets/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  });
}
