import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../adapters/db/database.js';
import { registerWebApp } from './web-app.js';

export interface AppOptions {
  db: Db;
  logger?: boolean;
}

/** The HTTP application: API routes, API docs and the built web app, on one Fastify instance. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  app.get('/api/health', async () => ({ status: 'ok', database: options.db.engine }));
  await registerWebApp(app);
  return app;
}
