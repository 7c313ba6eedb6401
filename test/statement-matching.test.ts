import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transportsFromConfig } from '../src/adapters/channels/transports-from-config.js';
import type { Db } from '../src/adapters/db/database.js';
import type { OrganizationRow } from '../src/adapters/db/schema.js';
import { listBankAccounts } from '../src/adapters/db/stores/bank-accounts.js';
import { addBankAccount } from '../src/app/bank/bank-accounts.js';
import { importStatements } from '../src/app/bank/import-statements.js';
import { confirmBankLine, listReconciliationLines, undoBankLine } from '../src/app/bank/reconcile.js';
import { addPaymentClaim } from '../src/app/collection/add-payment-claim.js';
import { listPaymentClaims } from '../src/adapters/db/stores/payment-claims.js';
import { runCollection } from '../src/app/collection/run-collection.js';
import { sendCollectionMessages } from '../src/app/collection/send-collection-messages.js';
import type { PlainDate } from '../src/core/plain-date.js';
import { collectionOrganization, customerWithInvoices } from './support/collection-ledger.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// Friday 16 May 2025: three customers owe an invoice due on 20 April; the run at 07:00 queued a
// reminder to each, to leave at the start of business hours.
const AS_OF = '2025-05-16' as PlainDate;
const IBAN = 'FR7630006000011234567890189';
// An account matching has never seen pay before.
const PAYER_IBAN = 'BE71096123456769';

interface Credit {
  amount: string;
  endToEnd: string;
  payer: string;
  reference?: string;
  text?: string;
  iban?: string;
  reversal?: boolean;
}

/** A camt.053 statement of the organization's account for the day, one entry per credit. */
function statement(id: string, credits: readonly Credit[]): Uint8Array {
  const entries = credits.map(
    (credit, index) => `
      <Ntry>
        <Amt Ccy="EUR">${credit.amount}</Amt>
        <CdtDbtInd>${credit.reversal ? 'DBIT' : 'CRDT'}</CdtDbtInd>
        ${credit.reversal ? '<RvslInd>true</RvslInd>' : ''}
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>${AS_OF}</Dt></BookgDt>
        <AcctSvcrRef>${id}-${index}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>${credit.endToEnd}</EndToEndId></Refs>
          <RltdPties><Dbtr><Pty><Nm>${credit.payer}</Nm></Pty></Dbtr>${credit.iban ? `<DbtrAcct><Id><IBAN>${credit.iban}</IBAN></Id></DbtrAcct>` : ''}</RltdPties>
          <RmtInf>${credit.reference ? `<Strd><CdtrRefInf><Ref>${credit.reference}</Ref></CdtrRefInf></Strd>` : `<Ustrd>${credit.text ?? ''}</Ustrd>`}</RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`,
  );
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
  <GrpHdr><MsgId>${id}</MsgId><CreDtTm>${AS_OF}T08:58:00+02:00</CreDtTm></GrpHdr>
  <Stmt><Id>${id}</Id><Acct><Id><IBAN>${IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries.join('')}
  </Stmt></BkToCstmrStmt></Document>`);
}

describe.each(ENGINES)('a bank statement matched against the open invoices, on %s', (engine) => {
  let db: Db;
  let org: OrganizationRow;
  const customers: Record<string, Awaited<ReturnType<typeof customerWithInvoices>>> = {};
  let reference = '';

  beforeAll(async () => {
    db = await freshDatabase(engine);
    org = await collectionOrganization(db);
    if (!(await listBankAccounts(db, org.id)).some((account) => account.iban === IBAN)) await addBankAccount(db, org, { iban: IBAN });
    customers.REF = await customerWithInvoices(db, org.id, 'REF', [['F-2025-0311', '2025-04-20', 120_000]], { language: 'fr' });
    customers.WORDS = await customerWithInvoices(db, org.id, 'WORDS', [['F-2025-0417', '2025-04-20', 48_050]], { language: 'fr' });
    customers.LATE = await customerWithInvoices(db, org.id, 'LATE', [['F-2025-0523', '2025-04-20', 99_000]], { language: 'fr' });
    const invoice = await db.kysely.selectFrom('invoices').select('payment_reference').where('id', '=', customers.REF.invoiceIds['F-2025-0311']!).executeTakeFirstOrThrow();
    reference = invoice.payment_reference!;
    await runCollection(db, org, { asOf: AS_OF, now: new Date(`${AS_OF}T05:00:00Z`), send: false });
    // At 08:15 WORDS phones: it paid yesterday.
    await addPaymentClaim(db, org.id, customers.WORDS.customer, { paidOn: '2025-05-15' }, AS_OF, null);
  });

  afterAll(async () => {
    await db?.close();
  });

  const openOf = async (ref: string, number: string) =>
    Number((await db.kysely.selectFrom('invoices').select('open_minor').where('id', '=', customers[ref]!.invoiceIds[number]!).executeTakeFirstOrThrow()).open_minor);

  it('applies the credits it is sure of, so a reminder queued for a paid invoice never leaves when the statement comes a minute before it', async () => {
    const report = await importStatements(db, org.id, [
      {
        name: 'morning',
        bytes: statement('STMT-0516', [
          { amount: '1200.00', endToEnd: 'E2E-REF', payer: 'Someone Else SA', reference },
          { amount: '480.50', endToEnd: 'NOTPROVIDED', payer: 'Customer WORDS', text: 'Facture F-2025-0417 merci' },
          { amount: '12.34', endToEnd: 'NOTPROVIDED', payer: 'Nobody We Know', text: 'cotisation', iban: PAYER_IBAN },
        ]),
      },
    ]);
    expect(report.payments.map((payment) => [payment.amount, payment.status, payment.invoices])).toEqual([
      ['1200.00', 'matched', ['F-2025-0311']],
      ['480.50', 'matched', ['F-2025-0417']],
      ['12.34', 'unmatched', []],
    ]);
    expect(await openOf('REF', 'F-2025-0311')).toBe(0);
    expect(await openOf('WORDS', 'F-2025-0417')).toBe(0);
    // The claim WORDS made is answered by the statement at once.
    expect((await listPaymentClaims(db, org.id, customers.WORDS!.customer.id)).map((claim) => [claim.status, claim.closed_on])).toEqual([['found', AS_OF]]);
    const payment = await db.kysely.selectFrom('payments').select(['customer_id', 'amount_minor', 'source']).where('customer_id', '=', customers.REF!.customer.id).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ amount_minor: 120_000, source: 'statement' });

    // 09:31 in Paris, a minute after business hours opened: the sending pass.
    const transports = transportsFromConfig({ outboxDir: mkdtempSync(join(tmpdir(), 'relance-statement-outbox-')) });
    await sendCollectionMessages(db, org, { now: new Date(`${AS_OF}T07:31:00Z`), workerId: 'test', transports });
    const statusOf = async (ref: string) => (await db.kysely.selectFrom('outbox_messages').select('status').where('customer_id', '=', customers[ref]!.customer.id).execute()).map((row) => row.status);
    expect(await statusOf('REF')).toEqual(['cancelled']);
    expect(await statusOf('WORDS')).toEqual(['cancelled']);
    // The customer who did not pay gets its reminder (written to the directory this test sends to).
    expect(await statusOf('LATE')).toEqual(['kept']);
  });

  it('waits in the reconciliation queue when unsure; a person splits it onto an invoice, which teaches the payer’s account, and can undo it', async () => {
    const [waiting] = await listReconciliationLines(db, org.id);
    expect(waiting).toMatchObject({ status: 'unmatched', amount: { amount: '12.34', currency: 'EUR' }, payer_iban: PAYER_IBAN, suggestions: [] });
    const late = customers.LATE!;
    expect(await confirmBankLine(db, org.id, waiting!.id, { customerId: late.customer.id, allocations: [{ invoiceId: late.invoiceIds['F-2025-0523']!, amountMinor: 1234 }] })).toEqual({ invoices: ['F-2025-0523'] });
    expect(await openOf('LATE', 'F-2025-0523')).toBe(99_000 - 1234);
    expect(await listReconciliationLines(db, org.id)).toEqual([]);

    // The next credit from that account, for exactly what LATE still owes, needs nobody.
    const next = await importStatements(db, org.id, [{ name: 'afternoon', bytes: statement('STMT-0516-B', [{ amount: '977.66', endToEnd: 'NOTPROVIDED', payer: 'Holding Z', text: 'solde', iban: PAYER_IBAN }]) }]);
    expect(next.payments.map((payment) => [payment.status, payment.invoices])).toEqual([['matched', ['F-2025-0523']]]);
    expect(await openOf('LATE', 'F-2025-0523')).toBe(0);

    // Undone, the person's match gives the invoice back what it had applied, and waits again.
    await undoBankLine(db, org.id, waiting!.id);
    expect(await openOf('LATE', 'F-2025-0523')).toBe(1234);
    expect((await listReconciliationLines(db, org.id)).map((line) => [line.id, line.status])).toEqual([[waiting!.id, 'unmatched']]);
    await expect(confirmBankLine(db, org.id, waiting!.id, { customerId: late.customer.id, allocations: [{ invoiceId: late.invoiceIds['F-2025-0523']!, amountMinor: 5000 }] })).rejects.toMatchObject({ place: { field: 'allocations[0].amount' } });
  });

  it('takes the payment back when a later statement reverses the credit: the invoice is open again', async () => {
    const report = await importStatements(db, org.id, [{ name: 'reversal', bytes: statement('STMT-0516-R', [{ amount: '1200.00', endToEnd: 'E2E-REF', payer: 'Someone Else SA', reference, reversal: true }]) }]);
    expect(report.excluded.map((entry) => entry.reason)).toEqual(['reversal']);
    expect(await openOf('REF', 'F-2025-0311')).toBe(120_000);
    expect(await db.kysely.selectFrom('payments').select('id').where('customer_id', '=', customers.REF!.customer.id).execute()).toEqual([]);
    const line = await db.kysely.selectFrom('bank_lines').select(['status', 'payment_id']).where('organization_id', '=', org.id).where('end_to_end_id', '=', 'E2E-REF').executeTakeFirstOrThrow();
    expect(line).toEqual({ status: 'reversed', payment_id: null });
  });
});
