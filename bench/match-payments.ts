/**
 * The matching benchmark: 100,000 statement credits against 250,000 open invoices of 50,000
 * customers, drawn with a seeded generator in a realistic mix (structured references, invoice
 * numbers written every way, known accounts, names as banks print them, several invoices paid at
 * once, partial and over-payments, strangers). The matching runs in a child process under
 * `/usr/bin/time -v` for its peak resident memory; the child reports its own times.
 *
 *   npx tsx bench/match-payments.ts [--lines N] [--invoices N] [--customers N] [--seed N]
 *
 * The figures go by hand into docs/performance.md; nothing here asserts a time.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { SeededRandom } from '../src/app/demo/seeded-random.js';
import { matchPayments, type MatchableCustomer, type MatchableInvoice, type StatementCredit } from '../src/core/matching/match-payments.js';
import { makeCreditorReference } from '../src/core/payments/payment-reference.js';
import { addDays, type PlainDate } from '../src/core/plain-date.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const settings = {
  lines: option('lines', 100_000),
  invoices: option('invoices', 250_000),
  customers: option('customers', 50_000),
  seed: option('seed', 20261206),
};

// Surnames made of syllables: thousands of them, so that most of the 50,000 names differ, as
// in a real ledger, while some are shared (two "Garage Morin" in different towns).
const SYLLABLES = ['ma', 'ri', 'don', 'vel', 'ca', 'ro', 'tin', 'ber', 'lu', 'sa', 'mo', 'gar', 'ne', 'pe', 'ti', 'lo', 've', 'da', 'ler', 'quet', 'bou', 'chen', 'ra', 'mi'];
function surname(random: SeededRandom): string {
  const word = Array.from({ length: random.int(2, 3) }, () => random.pick(SYLLABLES)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}
const TRADES = ['Boulangerie', 'Garage', 'Menuiserie', 'Transports', 'Plomberie', 'Imprimerie', 'Pharmacie', 'Électricité', 'Traiteur', 'Fleurs', 'Bâtiment', 'Conseil', 'Informatique', 'Logistiek', 'Bouw', 'Optique', 'Librairie', 'Hôtel', 'Cabinet', 'Atelier'];
const PLACES = ['de Lyon', 'du Nord', 'Bruxelles', 'Gent', 'Namur', 'Lille', 'Nantes', 'Liège', 'Antwerpen', 'Rennes', 'Dijon', 'Mons', 'Tours', 'Brugge', 'Metz'];
const FORMS = ['SARL', 'SAS', 'SA', 'SRL', 'BV', 'NV', 'GmbH', 'EURL', ''];

interface Ledger {
  customers: MatchableCustomer[];
  invoices: MatchableInvoice[];
  lines: StatementCredit[];
  mix: Record<string, number>;
  /** The customer who really paid each credit, strangers left out. */
  payer: Map<string, string>;
}

function customerName(random: SeededRandom): string {
  const name = random.chance(0.3) ? `${surname(random)}-${surname(random)}` : surname(random);
  return [random.pick(TRADES), name, random.chance(0.6) ? random.pick(PLACES) : '', random.pick(FORMS)].filter(Boolean).join(' ');
}

/** A name as a bank prints it: capitals, no accents, legal form first, cut at 35 characters. */
function bankName(name: string, random: SeededRandom): string {
  const plain = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
  const form = FORMS.find((item) => item !== '' && plain.endsWith(` ${item.toUpperCase()}`));
  const moved = form && random.chance(0.5) ? `${form.toUpperCase()} ${plain.slice(0, -form.length - 1)}` : plain;
  return moved.slice(0, 35);
}

/** How a payer writes invoice FA-2025-000123 in the message. */
function writtenNumber(number: string, random: SeededRandom): string {
  const [, year, serial] = /^FA-(\d{4})-(\d+)$/.exec(number)!;
  const short = String(Number(serial));
  return random.pick([
    `Facture ${number}`,
    `fa ${year} ${short}`,
    `FA${year}${serial}`,
    `INV ${year}/${short} thank you`,
    `Paiement facture n° ${year}-${serial} merci`,
    `${number} ${random.int(1, 28)}/0${random.int(1, 9)}/2026`,
  ]);
}

function iban(random: SeededRandom): string {
  return `BE${random.digits(2)}${random.digits(12)}`;
}

function generate(): Ledger {
  const random = new SeededRandom(settings.seed);
  const customers: MatchableCustomer[] = [];
  for (let i = 0; i < settings.customers; i += 1) {
    customers.push({ id: `c${i}`, name: customerName(random), payerIbans: random.chance(0.4) ? [iban(random)] : [] });
  }
  const invoices: MatchableInvoice[] = [];
  const byCustomer = new Map<string, MatchableInvoice[]>();
  for (let i = 0; i < settings.invoices; i += 1) {
    const owner = customers[i < settings.customers ? i : random.int(0, settings.customers - 1)]!;
    const amount = Math.round(Math.exp(8 + 1.3 * random.normal()));
    const invoice: MatchableInvoice = {
      id: `i${i}`,
      customerId: owner.id,
      number: `FA-${random.pick(['2024', '2025', '2026'])}-${String(i + 1).padStart(6, '0')}`,
      openMinor: Math.max(500, Math.min(amount, 50_000_00)),
      currency: 'EUR',
      dueDate: addDays('2025-01-01' as PlainDate, random.int(0, 600)),
      paymentReference: makeCreditorReference(String(i + 1)),
    };
    invoices.push(invoice);
    const list = byCustomer.get(owner.id);
    if (list) list.push(invoice);
    else byCustomer.set(owner.id, [invoice]);
  }

  const mix: Record<string, number> = {};
  const payer = new Map<string, string>();
  const lines: StatementCredit[] = [];
  for (let i = 0; i < settings.lines; i += 1) {
    const target = random.pick(invoices);
    const owner = customers[Number(target.customerId.slice(1))]!;
    const kind = random.weighted([
      ['reference', 30],
      ['reference_partial', 4],
      ['number', 22],
      ['number_over', 3],
      ['iban_amount', 13],
      ['name_amount', 10],
      ['iban_several', 5],
      ['name_other_amount', 3],
      ['stranger', 10],
    ] as const);
    mix[kind] = (mix[kind] ?? 0) + 1;
    const line: { -readonly [K in keyof StatementCredit]: StatementCredit[K] } = {
      id: `l${String(i).padStart(6, '0')}`,
      amountMinor: target.openMinor,
      currency: 'EUR',
      bookingDate: addDays('2026-01-05' as PlainDate, random.int(0, 20)),
      payerName: bankName(owner.name, random),
      payerIban: owner.payerIbans[0] ?? iban(random),
      structuredReference: null,
      endToEndId: random.chance(0.5) ? 'NOTPROVIDED' : `E2E${random.digits(10)}`,
      remittance: random.chance(0.3) ? 'Virement SEPA' : null,
    };
    switch (kind) {
      case 'reference':
      case 'reference_partial':
        line.structuredReference = target.paymentReference;
        if (kind === 'reference_partial') line.amountMinor = Math.max(1, Math.round(target.openMinor / 2));
        break;
      case 'number':
      case 'number_over':
        line.remittance = writtenNumber(target.number, random);
        if (kind === 'number_over') line.amountMinor = target.openMinor + random.int(1, 5_000);
        break;
      case 'iban_amount':
        break;
      case 'name_amount':
        line.payerIban = iban(random);
        break;
      case 'iban_several': {
        const open = byCustomer.get(owner.id)!;
        line.amountMinor = open.slice(0, random.int(2, 3)).reduce((sum, invoice) => sum + invoice.openMinor, 0);
        break;
      }
      case 'name_other_amount':
        line.payerIban = iban(random);
        line.amountMinor = random.int(100, 100_000);
        break;
      case 'stranger':
        line.payerName = `${random.pick(['MR', 'MME', 'M.'])} ${random.pick(['JEAN', 'MARIE', 'LUC', 'ANNE'])} ${random.digits(6)}`;
        line.payerIban = iban(random);
        line.amountMinor = random.int(100, 100_000);
        break;
    }
    lines.push(line);
    if (kind !== 'stranger') payer.set(line.id, owner.id);
  }
  return { customers, invoices, lines, mix, payer };
}

function child(): void {
  let started = performance.now();
  const ledger = generate();
  const generated = (performance.now() - started) / 1000;
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().rss;
  started = performance.now();
  const cpuBefore = process.cpuUsage();
  const decisions = matchPayments({ lines: ledger.lines, invoices: ledger.invoices, customers: ledger.customers });
  const matching = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const matchingCpu = (cpu.user + cpu.system) / 1e6;
  const byStatus: Record<string, number> = {};
  const byClue: Record<string, number> = {};
  let wrongCustomer = 0;
  let strangerMatched = 0;
  for (const decision of decisions) {
    if (decision.status === 'matched') {
      const expected = ledger.payer.get(decision.lineId);
      if (expected === undefined) strangerMatched += 1;
      else if (expected !== decision.customerId) wrongCustomer += 1;
    }
    byStatus[decision.status] = (byStatus[decision.status] ?? 0) + 1;
    if (decision.status === 'matched') byClue[decision.reason.clue] = (byClue[decision.reason.clue] ?? 0) + 1;
  }
  process.stdout.write(
    `${JSON.stringify({ generated, matching, matchingCpu, rssBeforeMatchingMb: Math.round(heapBefore / 1024 / 1024), mix: ledger.mix, byStatus, matchedByClue: byClue, wrongCustomer, strangerMatched })}\n`,
  );
}

async function parent(): Promise<void> {
  const hasTime = existsSync('/usr/bin/time');
  // tsx found from this file, so the benchmark runs from any folder.
  const node = [process.execPath, '--expose-gc', '--import', import.meta.resolve('tsx'), import.meta.filename, '--child', ...process.argv.slice(2)];
  const [command, ...args] = hasTime ? ['/usr/bin/time', '-v', ...node] : node;
  process.stderr.write(
    `matching ${settings.lines.toLocaleString('en')} credits against ${settings.invoices.toLocaleString('en')} invoices of ${settings.customers.toLocaleString('en')} customers (seed ${settings.seed})\n`,
  );
  const load = loadavg()[0]!.toFixed(1);
  const started = performance.now();
  const run = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => run.on('close', resolve));
  const wall = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`the matching exited with ${code}\n${stdout}${stderr}`);
  const figures = JSON.parse(stdout.trim().split('\n').pop()!) as { generated: number; matching: number; matchingCpu: number; rssBeforeMatchingMb: number; mix: object; byStatus: object; matchedByClue: object; wrongCustomer: number; strangerMatched: number };
  const peakKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  process.stdout.write(
    [
      `mix of credits: ${JSON.stringify(figures.mix)}`,
      `decisions: ${JSON.stringify(figures.byStatus)}; matched by ${JSON.stringify(figures.matchedByClue)}`,
      `matched to another customer than the payer: ${figures.wrongCustomer}; a stranger's credit matched: ${figures.strangerMatched}`,
      `generating the ledger and statement: ${figures.generated.toFixed(1)} s`,
      `matching: ${figures.matching.toFixed(2)} s wall (${Math.round(settings.lines / figures.matching).toLocaleString('en')} credits/s), ${figures.matchingCpu.toFixed(2)} s of CPU`,
      `child process: ${wall.toFixed(1)} s wall, peak RSS ${peakKb ? `${(Number(peakKb) / 1024).toFixed(0)} MB` : 'n/a (no /usr/bin/time)'} (${figures.rssBeforeMatchingMb} MB with the input generated, before matching)`,
      `machine: ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}, load average ${load} at the start`,
      '',
    ].join('\n'),
  );
}

if (process.argv.includes('--child')) child();
else
  parent().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
