import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/core/app-error.js';
import type { Db } from '../src/adapters/db/database.js';
import { createOrganization } from '../src/adapters/db/stores/organizations.js';
import { readEInvoiceFile } from '../src/adapters/files/einvoice-file.js';
import { importEInvoices } from '../src/app/import/import-einvoices.js';
import { facturXPdf } from './fixtures/einvoice/factur-x-pdf.js';
import { snapshotLedger } from './fixtures/imports/database-snapshot.js';
import { seededRandom } from './fixtures/imports/fuzz-oracle.js';
import { ENGINES, freshDatabase } from './support/engines.js';

const SEED = Number(process.env.IMPORT_FUZZ_SEED ?? 20261206);
const FIXTURES = join(import.meta.dirname, 'fixtures', 'einvoice');
const VARIANTS_PER_FORMAT = 1000;
const IMPORTS_PER_FORMAT = 25;

// Bytes that change an XML file's structure or a value's meaning, drawn more often than their share.
const TELLING = [...'<>/&"\'=;:.-0123456789 \n'].map((c) => c.charCodeAt(0)).concat([0x00, 0xc3, 0xff]);

interface Variant {
  label: string;
  bytes: Buffer;
}

/** A third cut at random offsets, the rest copies with one to three bytes replaced or inserted, or runs of bytes deleted. */
function* variants(bytes: Buffer, random: () => number, count: number): Generator<Variant> {
  const at = () => Math.floor(random() * bytes.length);
  const byte = () => (random() < 0.7 ? TELLING[Math.floor(random() * TELLING.length)]! : Math.floor(random() * 256));
  for (let n = 0; n < count; n += 1) {
    const kind = n % 3;
    if (kind === 0) {
      const cut = at();
      yield { label: `cut at ${cut}`, bytes: bytes.subarray(0, cut) };
      continue;
    }
    const copy = [...bytes];
    const edits: string[] = [];
    for (let e = 0; e < 1 + Math.floor(random() * 3); e += 1) {
      const where = Math.floor(random() * copy.length);
      const what = random();
      if (what < 0.4) {
        const b = byte();
        copy[where] = b;
        edits.push(`replace ${where} by ${b}`);
      } else if (what < 0.7) {
        const b = byte();
        copy.splice(where, 0, b);
        edits.push(`insert ${b} at ${where}`);
      } else {
        copy.splice(where, 1 + Math.floor(random() * 40));
        edits.push(`delete at ${where}`);
      }
    }
    yield { label: `mutation ${n}: ${edits.join(', ')}`, bytes: Buffer.from(copy) };
  }
}

const samples: Array<{ name: string; bytes: Buffer }> = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.xml'))
  .map((name) => ({ name, bytes: readFileSync(join(FIXTURES, name)) }));

/** The formats Relance reads, each with its samples; a format's variants are shared among its samples. */
const FORMATS: Record<string, string[]> = {
  'UBL 2.1': ['akretion_ubl-21-en16931.xml'],
  'Cross Industry Invoice (Factur-X)': ['akretion_factur-x-minimum.xml', 'akretion_factur-x-minimum.xml', 'akretion_factur-x-basic.xml', 'akretion_factur-x-en16931.xml'],
  'ZUGFeRD 1': ['akretion_zugferd-basic.xml'],
  'Factur-X PDF': ['factur-x.pdf'],
};

describe('e-invoice fuzzing: mutated and truncated files are read or refused, never a crash', () => {
  const files = new Map(samples.map((s) => [s.name, s.bytes]));
  beforeAll(async () => {
    // Uncompressed objects, so mutations reach the embedded XML as well as the PDF's structure.
    files.set('factur-x.pdf', await facturXPdf(readFileSync(join(FIXTURES, 'akretion_factur-x-minimum.xml')), { useObjectStreams: false }));
  });

  it(`reads ${VARIANTS_PER_FORMAT} variants of each format, an invoice or a list of problems with their place (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    let read = 0;
    let refused = 0;
    const runs = Object.values(FORMATS).flatMap((names) => names.map((name) => ({ name, bytes: files.get(name)!, count: VARIANTS_PER_FORMAT / names.length })));
    for (const sample of runs) {
      for (const variant of variants(sample.bytes, random, sample.count)) {
        let reading: Awaited<ReturnType<typeof readEInvoiceFile>>;
        try {
          reading = await readEInvoiceFile(variant.bytes);
        } catch (error) {
          expect.fail(`${sample.name}, seed ${SEED}, ${variant.label}: the reader threw ${String(error)}`);
        }
        if ('invoice' in reading) {
          read += 1;
          expect(Number.isSafeInteger(reading.invoice.amountDueMinor)).toBe(true);
          expect(reading.invoice.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        } else {
          refused += 1;
          expect(reading.problems.length, `${sample.name} ${variant.label}`).toBeGreaterThan(0);
          for (const problem of reading.problems) expect(problem.message, `${sample.name} ${variant.label}`).not.toBe('');
        }
      }
    }
    expect(read + refused).toBe(Object.keys(FORMATS).length * VARIANTS_PER_FORMAT);
    expect(read).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);
});

describe.each(ENGINES)('e-invoice fuzzing on %s', (engine) => {
  let db: Db;
  let orgId: string;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    orgId = (await createOrganization(db, { name: 'Le Fournisseur', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr' })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it(`imports ${IMPORTS_PER_FORMAT} variants of each sample, or refuses them leaving every table as it was`, async () => {
    const random = seededRandom(SEED + 1);
    const outcomes = { imported: 0, refused: 0 };
    for (const sample of samples) {
      for (const variant of variants(sample.bytes, random, IMPORTS_PER_FORMAT)) {
        const before = await snapshotLedger(db);
        try {
          await importEInvoices(db, orgId, [{ name: sample.name, size: variant.bytes.length, open: async function* () { yield variant.bytes; } }]);
          outcomes.imported += 1;
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'import_failed') expect.fail(`${sample.name}, ${variant.label}: ${String(error)}`);
          expect(await snapshotLedger(db), `${sample.name}, ${variant.label}`).toEqual(before);
          outcomes.refused += 1;
        }
      }
    }
    expect(outcomes.imported + outcomes.refused).toBe(samples.length * IMPORTS_PER_FORMAT);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);
});
