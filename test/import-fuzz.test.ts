import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import { decodeLikeAReader, fuzzSamples, fuzzVariants, referenceReading, relanceReading, sameReading, seededRandom } from './fixtures/imports/fuzz-oracle.js';
import { importMismatch } from './fixtures/imports/fuzz-import.js';
import { ENGINES, freshDatabase } from './support/engines.js';

// The whole run (every variant imported on both databases) is bench/import-fuzz.ts.
const SEED = Number(process.env.IMPORT_FUZZ_SEED ?? 20251205);
// Reading a 700 kB FEC twice takes about 0.2 s here, so the three large samples get fewer random
// cuts and mutations than the small ones; bench/import-fuzz.ts runs the full counts on all of them.
const FULL = { everyCutUpTo: 4096, randomCuts: 500, mutations: 2000 };
const LARGE = { everyCutUpTo: 4096, randomCuts: 20, mutations: 60 };
const countsFor = (bytes: Buffer) => (bytes.length > 64 * 1024 ? LARGE : FULL);
const IMPORTS_PER_SAMPLE = 60;
const SAMPLES = fuzzSamples();
const LARGE_SAMPLES = SAMPLES.filter((s) => countsFor(s.bytes) === LARGE).length;

describe('import fuzzing: the reader against a strict reference reader', () => {
  it(`reads ${SAMPLES.length} sample files cut at every offset of their first 4 kB, then ${SAMPLES.length - LARGE_SAMPLES} small ones cut at 500 more offsets and with 2,000 byte mutations, ${LARGE_SAMPLES} large ones at ${LARGE.randomCuts} and with ${LARGE.mutations}, as a strict reader does (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    let variants = 0;
    for (const sample of SAMPLES) {
      const quoted = sample.kind !== 'fec';
      for (const variant of fuzzVariants(sample.bytes, random, countsFor(sample.bytes))) {
        variants += 1;
        const text = decodeLikeAReader(variant.bytes);
        const reference = referenceReading(text, quoted);
        const relance = await relanceReading(text, quoted);
        if (!sameReading(relance, reference)) {
          expect.fail(`${sample.name}, seed ${SEED}, ${variant.label}: Relance read ${JSON.stringify(relance).slice(0, 300)}; a strict reader ${JSON.stringify(reference).slice(0, 300)}`);
        }
      }
    }
    expect(variants).toBeGreaterThan((SAMPLES.length - LARGE_SAMPLES) * FULL.mutations);
  }, 300_000);
});

describe.each(ENGINES)('import fuzzing on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  const importable = SAMPLES.filter((s) => s.kind !== null);
  it(`imports ${IMPORTS_PER_SAMPLE} seeded variants of each of ${importable.length} sample files as a strict reader would, or refuses them at file:line:column leaving every table as it was`, async () => {
    const outcomes = { imported: 0, refused: 0 };
    for (const sample of importable) {
      const quoted = sample.kind !== 'fec';
      const all = [...fuzzVariants(sample.bytes, seededRandom(SEED), countsFor(sample.bytes))];
      // Most variants are broken; every third draw is a cut at a line end, which must import.
      const lineEnds = all.filter((v) => v.label.startsWith('cut') && v.bytes.at(-1) === 0x0a);
      const pick = seededRandom(SEED + 1);
      for (let n = 0; n < IMPORTS_PER_SAMPLE; n += 1) {
        const from = n % 3 === 0 && lineEnds.length > 0 ? lineEnds : all;
        const variant = from[Math.floor(pick() * from.length)]!;
        const reading = referenceReading(decodeLikeAReader(variant.bytes), quoted);
        const { mismatch, imported } = await importMismatch(db, sample.kind!, sample.name, variant.bytes, reading, quoted);
        if (mismatch !== null) expect.fail(`${sample.name} on ${engine}, seed ${SEED}, ${variant.label}: ${mismatch}`);
        outcomes[imported ? 'imported' : 'refused'] += 1;
      }
    }
    // The draw must try both sides of the rule, or it proves nothing about either.
    expect(outcomes.imported).toBeGreaterThan(importable.length * 5);
    expect(outcomes.refused).toBeGreaterThan(importable.length * 5);
  }, 300_000);
});
