import { Command, CommanderError } from 'commander';
import { AppError, formatIssue, formatPlace, type ErrorCode } from '../core/app-error.js';
import { registerImport } from './commands/import.js';
import { registerInterest } from './commands/interest.js';
import { registerInvoicePdfs } from './commands/invoice-pdfs.js';
import { registerRates } from './commands/rates.js';
import { registerDemo } from './commands/demo.js';
import { registerOrg } from './commands/org.js';
import { registerOutbox } from './commands/outbox.js';
import { registerReport } from './commands/report.js';
import { registerHandoffReports } from './commands/handoff-report.js';
import { registerRun } from './commands/run.js';
import { registerPauses } from './commands/pauses.js';
import { registerNextStep } from './commands/next-step.js';
import { registerTasks } from './commands/tasks.js';
import { registerContacts } from './commands/contacts.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerUsers } from './commands/users.js';
import { registerWorklist } from './commands/worklist.js';
import { registerReconcile } from './commands/reconcile.js';
import { registerInbound } from './commands/inbound.js';
import { registerPortal } from './commands/portal.js';
import { registerDossier } from './commands/dossier.js';
import { registerMandates } from './commands/mandates.js';

const EXIT_CODES: Record<ErrorCode, number> = {
  validation_failed: 2,
  invalid_amount: 2,
  invalid_date: 2,
  import_failed: 3,
  not_found: 4,
  conflict: 5,
  unauthenticated: 6,
  forbidden: 6,
  too_many_requests: 75,
  configuration: 78,
  internal: 70,
};

const MAX_ISSUES_SHOWN = 50;

function buildProgram(): Command {
  const program = new Command('relance')
    .description('Relance — receivables collection that keeps the customer relationship')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerReport(program);
  registerHandoffReports(program);
  registerUsers(program);
  registerDemo(program);
  registerOrg(program);
  registerOutbox(program);
  registerImport(program);
  registerInvoicePdfs(program);
  registerRun(program);
  registerSimulate(program);
  registerPauses(program);
  registerNextStep(program);
  registerTasks(program);
  registerWorklist(program);
  registerReconcile(program);
  registerInbound(program);
  registerContacts(program);
  registerInterest(program);
  registerRates(program);
  registerPortal(program);
  registerDossier(program);
  registerMandates(program);
  return program;
}

/** The one place that turns an error into words on stderr and an exit code. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof AppError) {
    const where = formatPlace(error.place);
    process.stderr.write(`relance: ${where && !error.message.startsWith(where) ? `${where}: ` : ''}${error.message}\n`);
    for (const issue of error.issues.slice(0, MAX_ISSUES_SHOWN)) process.stderr.write(`  ${formatIssue(issue)}\n`);
    if (error.issues.length > MAX_ISSUES_SHOWN) {
      process.stderr.write(`  … and ${error.issues.length - MAX_ISSUES_SHOWN} more\n`);
    }
    return EXIT_CODES[error.code];
  }
  process.stderr.write(`relance: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}

async function main(): Promise<void> {
  await buildProgram().parseAsync(process.argv);
}

main().catch((error: unknown) => {
  process.exitCode = report(error);
});
