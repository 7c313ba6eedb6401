/**
 * The import fuzzing at full size: every sample CSV and FEC cut at every offset of its first
 * 4 kB and at 500 random offsets beyond, and 2,000 byte mutations of it. Every variant is read
 * by Relance's reader and by a strict reference reader and the two readings compared; then
 * `--imports N` variants of each sample, drawn with the seed, are imported on each database and
 * checked as test/import-fuzz.test.ts checks its smaller draw.
 *
 *   npx tsx bench/import-fuzz.ts [--engine sqlite|postgres] [--imports N] [--seed N]
 *
 * PostgreSQL is a throw-away server of its own (test/support/postgres-server.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Engine } from '../src/adapters/db/database.js';
import { decodeLikeAReader, fuzzSamples, fuzzVariants, referenceReading, relanceReading, sameReading, seededRandom } from '../test/fixtures/imports/fuzz-oracle.js';
import { importMismatch } from '../test/fixtures/imports/fuzz-import.js';
import { startPostgres } from '../test/support/postgres-server.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const seed = Number(option('seed') ?? 20251205);
const importsPerSample = Number(option('imports') ?? 300);
const engines: Engine[] = option('engine') ? [option('engine') as Engine] : ['sqlite', 'postgres'];
const COUNTS = { everyCutUpTo: 4096, randomCuts: 500, mutations: 2000 };
const samples = fuzzSamples();
const failures: string[] = [];

console.log(`seed ${seed}, ${samples.length} sample files, ${importsPerSample} imports of each importable one per database`);
let started = performance.now();
let variants = 0;
const random = seededRandom(seed);
for (const sample of samples) {
  const quoted = sample.kind !== 'fec';
  for (const variant of fuzzVariants(sample.bytes, random, COUNTS)) {
    variants += 1;
    const text = decodeLikeAReader(variant.bytes);
    const reference = referenceReading(text, quoted);
    const relance = await relanceReading(text, quoted);
    if (!sameReading(relance, reference)) failures.push(`${sample.name}, ${variant.label}: read differently`);
  }
}
console.log(`readings compared: ${variants} variants in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const postgres = engines.includes('postgres') ? await startPostgres() : undefined;
try {
  for (const engine of engines) {
    const db = await openDatabase(engine === 'sqlite' ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'relance-fuzz-')), 'relance.db')}` : postgres!.url);
    started = performance.now();
    let imports = 0;
    let accepted = 0;
    for (const sample of samples.filter((s) => s.kind !== null)) {
      const quoted = sample.kind !== 'fec';
      const all = [...fuzzVariants(sample.bytes, seededRandom(seed), COUNTS)];
      const pick = seededRandom(seed + 1);
      for (let n = 0; n < importsPerSample; n += 1) {
        const variant = all[Math.floor(pick() * all.length)]!;
        const reading = referenceReading(decodeLikeAReader(variant.bytes), quoted);
        imports += 1;
        const { mismatch, imported } = await importMismatch(db, sample.kind!, sample.name, variant.bytes, reading, quoted).catch((e: unknown) => ({
          mismatch: `crashed: ${String(e)}`,
          imported: false,
        }));
        if (mismatch !== null) failures.push(`${sample.name} on ${engine}, ${variant.label}: ${mismatch}`);
        if (imported) accepted += 1;
      }
    }
    await db.close();
    console.log(`${engine}: ${imports} imports checked (${accepted} imported, ${imports - accepted} refused) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await postgres?.stop();
}
console.log(failures.length === 0 ? 'no failure' : `${failures.length} failures (seed ${seed}):\n${failures.slice(0, 50).join('\n')}`);
process.exitCode = failures.length === 0 ? 0 : 1;
