// The command line and the crash tests' worker processes, bundled once per test run into plain
// JavaScript. `bin/relance.mjs` compiles every TypeScript source at each start; the tests start
// Relance hundreds of times, so they start the bundle instead: the same sources, the same process,
// a few seconds less CPU per start. Outside a test run (the crash soak, a single script) the
// sources run through tsx as before.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..', '..');

/** Each program a test starts as its own process, by the source it runs. */
const ENTRIES = {
  relance: 'src/cli/main.ts',
  'run-worker': 'test/fixtures/collection/run-worker.ts',
  'send-worker': 'test/fixtures/outbox/send-worker.ts',
} as const;

export type EntryName = keyof typeof ENTRIES;

/** Where the global set-up leaves the bundles; the test files' processes inherit it. */
const BUILD_DIR_VARIABLE = 'RELANCE_TEST_BUILD_DIR';

const BUILD_PREFIX = 'relance-test-build-';
// A run stopped before its teardown leaves its bundles behind; the next run clears them.
const LEFT_BEHIND_MS = 24 * 60 * 60 * 1000;

/**
 * Bundles every entry into a new folder under node_modules/.cache (so the bundles find the
 * project's packages) and returns it. Each source keeps its own `import.meta.url`, so paths it
 * builds from it (templates, web/dist, worker threads) still point into the checkout. Sources
 * that do not bundle (a change half made) leave the tests to start them through tsx, where the
 * tests that reach the broken part fail and the others run: the result is then undefined.
 */
export async function buildEntries(): Promise<string | undefined> {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  for (const name of readdirSync(cache)) {
    const old = join(cache, name);
    if (name.startsWith(BUILD_PREFIX) && Date.now() - statSync(old).mtimeMs > LEFT_BEHIND_MS) rmSync(old, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(cache, BUILD_PREFIX));
  try {
    await bundle(dir);
  } catch (error) {
    removeEntries(dir);
    process.stderr.write(`Tests start relance and the crash workers from their TypeScript sources: the sources did not bundle (${error instanceof Error ? error.message : String(error)})\n`);
    return undefined;
  }
  process.env[BUILD_DIR_VARIABLE] = dir;
  return dir;
}

async function bundle(dir: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, join(root, source)])),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'keep-source-locations',
        setup(builder) {
          builder.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
            contents: (await readFile(path, 'utf8'))
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(path))),
            loader: 'ts',
          }));
        },
      },
    ],
  });
}

export function removeEntries(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  if (process.env[BUILD_DIR_VARIABLE] === dir) delete process.env[BUILD_DIR_VARIABLE];
}

/** The arguments to `node` that start an entry: its bundle in a test run, else its sources. */
export function nodeArgsFor(name: EntryName): string[] {
  const dir = process.env[BUILD_DIR_VARIABLE];
  const built = dir ? join(dir, `${name}.mjs`) : undefined;
  if (built && existsSync(built)) return [built];
  if (name === 'relance') return [join(root, 'bin/relance.mjs')];
  return ['--import', 'tsx', join(root, ENTRIES[name])];
}
