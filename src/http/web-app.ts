import type { FastifyInstance } from 'fastify';

/** Serves the built React app (web/dist) and falls back to index.html for client-side routes. */
export async function registerWebApp(_app: FastifyInstance): Promise<void> {}
