import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { csvTable } from '../../core/csv-table.js';
import { planStanding, promiseOutcome } from '../../core/dossier/arrangement-outcomes.js';
import { formatMinor, parseDecimalToMinor, toMoneyJson, type MoneyJson } from '../../core/money.js';
import { asOfIn, todayIn, type AsOf, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, OrganizationRow, OutboxMessageRow } from '../../adapters/db/schema.js';
import { listDisputes, listPaymentPlans, listPaymentPromises } from '../../adapters/db/stores/collection-pauses.js';
import { listCustomerDebtorRequests } from '../../adapters/db/stores/debtor-requests.js';
import { listInvoiceFiles } from '../../adapters/db/stores/invoice-files.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { listOutboxMessages } from '../../adapters/db/stores/outbox.js';
import { getCustomerBalances } from '../get-customer-balances.js';
import { getCustomerLateFees } from '../get-customer-late-fees.js';
import { getCustomerStatement } from '../get-customer-statement.js';
import { renderOutboxDocument } from '../outbox/render-outbox-document.js';
import { renderCustomerStatementPdf } from '../render-customer-statement-pdf.js';
import { getCustomerTimeline } from '../timeline/get-customer-timeline.js';
import { DOSSIER_WORDS, describe, type Bilingual } from './dossier-words.js';
import { renderLateFeesPdf, renderTimelinePdf, type DossierHeading } from './render-dossier-pdfs.js';

/** One file of the dossier, as the manifest lists it. */
export interface DossierManifestFile {
  path: string;
  description: Bilingual;
  sha256: string;
  size: number;
}

/** What a letter or an email is and what proves it went: the day, the channel, its status in the outbox. */
export interface DossierLetterProof {
  path: string;
  message_id: string;
  channel: string;
  channel_words: Bilingual;
  subject: string;
  /** As the outbox recorded it: name, postal address or email. */
  recipient: unknown;
  status: string;
  status_words: Bilingual;
  sent_at: string | null;
  sent_on: PlainDate | null;
  /** What the postal or mail provider answered when it took the message: its tracking number or Message-ID. */
  provider_reference: string | null;
}

export interface DossierManifest {
  generated_on: PlainDate;
  generated_at: string;
  creditor: { name: string; legal_name: string; registration_id: string | null; vat_id: string | null; address: string | null; country: string };
  customer: { id: string; reference: string; name: string; registration_id: string | null; vat_id: string | null };
  /** As GET /api/customers/:id/statement (balance), the aging report (overdue) and GET /api/customers/:id/late-fees report them. */
  figures: {
    currency: string;
    balance: string;
    overdue: string;
    /** Null when some late day has no rate on file (see `interest_on_file`). */
    interest: string | null;
    interest_on_file: string;
    indemnity: string;
    /** Balance plus interest plus indemnity; null when the interest is not known. */
    total: string | null;
  };
  letters: DossierLetterProof[];
  /** Emails sent (reminders, the formal notice when it went by email), kept as .eml. */
  emails: DossierLetterProof[];
  files: DossierManifestFile[];
}

export interface CustomerDossier {
  fileName: string;
  content: Uint8Array;
  manifest: DossierManifest;
}

const LETTER_CHANNELS = new Set(['letter', 'registered_letter']);
const LETTER_STATUSES = new Set(['sent', 'kept']);
// Far above what one customer's history holds; the timeline and the outbox are read whole.
const EVERYTHING = 100_000;

/** A path segment that any unzip tool accepts on any system. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 100) || '_';
}

function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function extensionOf(fileName: string, contentType: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  if (match) return match[1]!.toLowerCase();
  return contentType === 'application/pdf' ? 'pdf' : 'bin';
}

function sumMoney(parts: readonly MoneyJson[], currency: string): string {
  const minor = parts.reduce((sum, part) => sum + (parseDecimalToMinor(part.amount, currency) ?? 0), 0);
  return formatMinor(minor, currency);
}

/**
 * The case file of one customer, as a ZIP built in memory: what an agency or a court works
 * from. Every figure comes from the function the API answers with (statement, aging, late
 * fees), every letter is the document the outbox kept, and `manifest.json` lists each file
 * with its SHA-256 so the receiver can check nothing was changed on the way.
 */
export async function buildCustomerDossier(db: Db, organization: OrganizationRow, customer: CustomerRow, when: AsOf & { now: Date }): Promise<CustomerDossier> {
  const asOf = asOfIn(organization.time_zone, when);
  const currency = organization.currency;
  const language = organization.locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const words = DOSSIER_WORDS[language];
  const [statementPdf, statement, balances, lateFees, openInvoices, disputes, promises, plans, timeline, messages, requests] = await Promise.all([
    renderCustomerStatementPdf(db, organization, customer, { asOf }),
    getCustomerStatement(db, organization, customer, { to: asOf, currency }),
    getCustomerBalances(db, organization.id, { asOf, currency, customerId: customer.id }),
    getCustomerLateFees(db, organization, customer, { asOf }),
    listOpenInvoices(db, organization.id, { customerId: customer.id }),
    listDisputes(db, organization.id, { customerId: customer.id }),
    listPaymentPromises(db, organization.id, customer.id),
    listPaymentPlans(db, organization.id, customer.id),
    getCustomerTimeline(db, organization.id, customer.id, { kinds: [], limit: EVERYTHING, offset: 0 }),
    listOutboxMessages(db, organization.id, { customerIds: [customer.id], limit: EVERYTHING }),
    listCustomerDebtorRequests(db, organization.id, customer.id, EVERYTHING),
  ]);
  const openByNumber = new Map(openInvoices.map((invoice) => [invoice.number, invoice]));
  const openNumbers = [...openByNumber.keys()];
  const heading: DossierHeading = { language, date: asOf, creditor: { name: organization.legal_name, address: organization.address }, customer: { name: customer.name, reference: customer.external_ref } };

  const files: { path: string; description: Bilingual; content: Uint8Array }[] = [];
  const taken = new Set<string>();
  // Two names that differ only by characters a file name cannot hold would meet on one path: the second gets a number.
  const add = (wanted: string, description: Bilingual, content: Uint8Array): string => {
    let path = wanted;
    for (let n = 2; taken.has(path); n += 1) path = wanted.replace(/(\.[a-z0-9]+)?$/, (extension) => `-${n}${extension}`);
    taken.add(path);
    files.push({ path, description, content });
    return path;
  };

  add('statement.pdf', describe.statement, statementPdf.content);

  const invoiceFiles = await listInvoiceFiles(db, organization.id, openInvoices.map((invoice) => invoice.invoiceId));
  const numberOf = new Map(openInvoices.map((invoice) => [invoice.invoiceId, invoice.number]));
  for (const file of invoiceFiles.sort((a, b) => (numberOf.get(a.invoice_id) ?? '').localeCompare(numberOf.get(b.invoice_id) ?? ''))) {
    const number = numberOf.get(file.invoice_id) ?? file.invoice_id;
    add(`invoices/${safeName(number)}.${extensionOf(file.file_name, file.content_type)}`, describe.invoice(number), Buffer.from(file.content_base64, 'base64'));
  }

  // Letters as posted (PDF) and emails as sent (.eml), each with what proves it went.
  const letters: DossierLetterProof[] = [];
  const emails: DossierLetterProof[] = [];
  const sent = messages
    .filter((row) => (LETTER_CHANNELS.has(row.channel) && LETTER_STATUSES.has(row.status)) || (row.channel === 'email' && row.status === 'sent'))
    .sort((a, b) => (a.sent_at ?? a.not_before).localeCompare(b.sent_at ?? b.not_before) || a.id.localeCompare(b.id));
  for (const row of sent) {
    const document = await renderOutboxDocument(db, row, when.now);
    const sentOn = row.sent_at ? todayIn(organization.time_zone, new Date(row.sent_at)) : null;
    const folder = row.channel === 'email' ? 'emails' : 'letters';
    const extension = row.channel === 'email' ? 'eml' : 'pdf';
    const path = `${folder}/${sentOn ?? 'to-post'}-${row.channel.replace('_', '-')}-${safeName(row.id).slice(0, 12)}.${extension}`;
    const saved = add(path, describe.message(row.channel, row.subject), document.content);
    (row.channel === 'email' ? emails : letters).push(messageProof(saved, row, sentOn));
  }

  const entries = [...timeline.items].reverse();
  add('timeline.pdf', describe.timelinePdf, await renderTimelinePdf(heading, entries));
  add(
    'timeline.csv',
    describe.timelineCsv,
    strToU8(csvTable(words.timelineHeader, entries.map((entry) => [entry.occurred_on, entry.occurred_at, entry.kind, entry.type, entry.status, entry.summary.en, entry.summary.fr, entry.author?.name ?? null]))),
  );
  add(
    'disputes.csv',
    describe.disputes,
    strToU8(csvTable(words.disputesHeader, disputes.map((d) => [d.invoice_number, d.opened_on, d.reason, words.disputeReason(d.reason), d.note, d.status, d.resolution, d.resolution ? words.disputeResolution(d.resolution) : null, d.resolution_note, d.resolved_on]))),
  );

  const arrangementRows: (string | number | null)[][] = [];
  for (const promise of promises) {
    const numbers = promise.invoice_numbers ? (JSON.parse(promise.invoice_numbers) as string[]) : null;
    const outcome = promiseOutcome({ promisedOn: promise.promised_on as PlainDate, graceDays: promise.grace_days, invoiceNumbers: numbers }, openNumbers, asOf);
    const amount = promise.amount_minor === null || promise.amount_currency === null ? null : formatMinor(Number(promise.amount_minor), promise.amount_currency);
    arrangementRows.push(['promise', promise.id, promise.created_on, (numbers ?? []).join(' '), null, promise.promised_on, amount, promise.amount_currency, null, outcome, words.outcome(outcome), promise.note]);
  }
  for (const plan of plans) {
    const numbers = JSON.parse(plan.invoice_numbers) as string[];
    const stillOpen = numbers.reduce((sum, number) => sum + (openByNumber.get(number)?.openMinor ?? 0), 0);
    const raw = (JSON.parse(plan.instalments) as { dueDate: PlainDate; amountMinor: number }[]);
    const standing = planStanding({ cancelled: plan.status === 'cancelled', graceDays: plan.grace_days, instalments: raw }, stillOpen, asOf);
    arrangementRows.push(['payment_plan', plan.id, plan.created_on, numbers.join(' '), null, null, formatMinor(raw.reduce((s, i) => s + i.amountMinor, 0), currency), currency, null, standing.outcome, words.outcome(standing.outcome), null]);
    standing.instalments.forEach((instalment, index) => {
      arrangementRows.push(['instalment', plan.id, plan.created_on, numbers.join(' '), index + 1, instalment.dueDate, formatMinor(instalment.amountMinor, currency), currency, formatMinor(instalment.paidMinor, currency), null, null, null]);
    });
  }
  add('arrangements.csv', describe.arrangements, strToU8(csvTable(words.arrangementsHeader, arrangementRows)));

  add(
    'requests.csv',
    describe.requests,
    strToU8(csvTable(words.requestsHeader, [...requests].reverse().map((r) => [r.created_on, r.kind, words.requestKind(r.kind), r.message, r.status, r.answer, r.answered_on]))),
  );

  add('late-fees.pdf', describe.lateFees, await renderLateFeesPdf(heading, lateFees));

  const total = lateFees.totals.find((t) => t.open.currency === currency);
  const zero = toMoneyJson(0, currency);
  const balance = statement.closing_balance;
  const interest = total ? total.interest : zero;
  const indemnity = total?.indemnity ?? zero;
  const manifest: DossierManifest = {
    generated_on: asOf,
    generated_at: when.now.toISOString(),
    creditor: { name: organization.name, legal_name: organization.legal_name, registration_id: organization.registration_id, vat_id: organization.vat_id, address: organization.address, country: organization.country },
    customer: { id: customer.id, reference: customer.external_ref, name: customer.name, registration_id: customer.registration_id ?? null, vat_id: customer.vat_id ?? null },
    figures: {
      currency,
      balance: balance.amount,
      overdue: formatMinor(balances.aging.byCustomer.get(customer.id)?.overdue ?? 0, currency),
      interest: interest?.amount ?? null,
      interest_on_file: (total?.interest_on_file ?? zero).amount,
      indemnity: indemnity.amount,
      total: interest ? sumMoney([balance, interest, indemnity], currency) : null,
    },
    letters,
    emails,
    files: files.map((file) => ({ path: file.path, description: file.description, sha256: sha256(file.content), size: file.content.byteLength })),
  };
  const zippable: Zippable = {};
  // Every entry carries the day the file was made, not the instant: the same day's files compare equal.
  const mtime = new Date(`${asOf}T12:00:00Z`);
  for (const file of files) zippable[file.path] = [file.content, { mtime }];
  zippable['manifest.json'] = [strToU8(`${JSON.stringify(manifest, null, 2)}\n`), { mtime }];
  return { fileName: `dossier-${safeName(customer.external_ref)}-${asOf}.zip`, content: zipSync(zippable, { level: 6 }), manifest };
}

function messageProof(path: string, row: OutboxMessageRow, sentOn: PlainDate | null): DossierLetterProof {
  return {
    path,
    message_id: row.id,
    channel: row.channel,
    channel_words: describe.channel(row.channel),
    subject: row.subject,
    recipient: parseRecipient(row.recipient),
    status: row.status,
    status_words: describe.messageStatus(row.status, row.channel),
    provider_reference: row.provider_message_id,
    sent_at: row.sent_at,
    sent_on: sentOn,
  };
}

function parseRecipient(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
