import { openDatabase } from '../adapters/db/database.js';
import { listOrganizations } from '../adapters/db/stores/organizations.js';
import { buildApp } from './build-app.js';

export interface ServerOptions {
  port: number;
  host: string;
  demo: boolean;
  databaseUrl: string | undefined;
}

export async function startServer(options: ServerOptions): Promise<void> {
  const db = await openDatabase(options.databaseUrl);
  const app = await buildApp({ db });
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: options.port, host: options.host });
  const organizations = await listOrganizations(db);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  process.stdout.write(`Relance is running at http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}/\n`);
  process.stdout.write(`Database: ${db.description} (${organizations.length} organization(s))\n`);
}
