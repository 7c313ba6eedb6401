import type { Command } from 'commander';
import { publicUrlFrom } from '../../http/origin-check.js';
import { loadsDemo, trustProxyFrom } from '../../http/proxy-settings.js';
import { startServer } from '../../http/start-server.js';
import { inboundMailConfigFrom } from '../../app/inbound/inbound-mail.js';

interface ServeOptions {
  port: string;
  host: string;
  demo?: boolean;
  secureCookies?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web app and the API (outside production, loads the demo organization into an empty database)')
    .option('--port <port>', 'port to listen on', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--demo', 'load the demo into an empty database, even with NODE_ENV=production or PostgreSQL')
    .option('--no-demo', 'do not load demo data into an empty database')
    .option('--secure-cookies', 'always mark the session cookie Secure (HTTPS ends at a proxy); TRUST_PROXY=1 trusts its X-Forwarded-Proto and X-Forwarded-For instead')
    .action(async (opts: ServeOptions) => {
      const env = process.env;
      await startServer({
        port: Number(opts.port),
        host: opts.host,
        demo: loadsDemo(opts.demo, env),
        databaseUrl: env.DATABASE_URL,
        secureCookies: opts.secureCookies === true,
        trustProxy: trustProxyFrom(env.TRUST_PROXY),
        publicUrl: publicUrlFrom(env.PUBLIC_URL),
        inboundMail: inboundMailConfigFrom(env),
      });
    });
}
