import type { Command } from 'commander';
import { startServer } from '../../http/start-server.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web app and the API (loads the demo organization into an empty database)')
    .option('--port <port>', 'port to listen on', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--no-demo', 'do not load demo data into an empty database')
    .action(async (opts: { port: string; host: string; demo: boolean }) => {
      await startServer({ port: Number(opts.port), host: opts.host, demo: opts.demo, databaseUrl: process.env.DATABASE_URL });
    });
}
