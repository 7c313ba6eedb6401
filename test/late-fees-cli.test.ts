import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeArgsFor } from './support/built-entries.js';
import { freshDatabaseUrl } from './support/engines.js';

const root = join(import.meta.dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function relance(args: string[], databaseUrl: string): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_URL: databaseUrl, RELANCE_ORG: '' };
    execFile('node', [...nodeArgsFor('relance'), ...args], { cwd: root, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('relance interest', () => {
  it('prints the interest per half-year, the indemnity and the law as JSON with decimal strings', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const run = await relance(['interest', '--law', 'be', '--amount', '1234.56', '--due', '2025-06-15', '--paid', '2025-07-20', '--json'], url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    // 1234.56 × (11.5 % × 15 days + 10.5 % × 20 days) / 365 = 1234.56 × 3.825 / 365 = 12.9375… → 12.94
    expect(result).toMatchObject({ law: 'be', currency: 'EUR', amount: '1234.56', days_late: 35, interest: '12.94', indemnity: '40.00', total: '52.94' });
    expect(result.periods.map((p: { from: string; to: string; days: number; rate: string }) => [p.from, p.to, p.days, p.rate])).toEqual([
      ['2025-06-16', '2025-06-30', 15, '11.5'],
      ['2025-07-01', '2025-07-20', 20, '10.5'],
    ]);
    // Each period's share: 1234.56 × 11.5 % × 15 / 365 = 5.834… → 5.83; 1234.56 × 10.5 % × 20 / 365 = 7.103… → 7.10
    expect(result.periods.map((p: { interest: string }) => p.interest)).toEqual(['5.83', '7.10']);
    expect(result.law_text).toMatch(/2 August 2002/);
    expect(result.sources.length).toBeGreaterThan(0);
  });

  it('prints a short table for people', async () => {
    const run = await relance(['interest', '--law', 'fr', '--amount', '10000', '--due', '2025-03-31', '--paid', '2025-04-30'], await freshDatabaseUrl('sqlite'));
    expect(run.code).toBe(0);
    // 10000 × 13.15 % × 30 / 365 = 108.082… → 108.08
    expect(run.stdout).toMatch(/2025-04-01\s+2025-04-30\s+30\s+13\.15\s+108\.08/);
    expect(run.stdout).toMatch(/Interest\s+108\.08 EUR/);
    expect(run.stdout).toMatch(/Indemnity\s+40\.00 EUR/);
    expect(run.stdout).toMatch(/Total\s+148\.08 EUR/);
  });

  it('refuses to compute past the last known half-year, naming the first day without a rate and how to add it', async () => {
    const run = await relance(['interest', '--law', 'fr', '--amount', '1000', '--due', '2026-06-20', '--paid', '2026-08-10', '--json'], await freshDatabaseUrl('sqlite'));
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('2026-07-01');
    expect(run.stderr).toContain('relance rates add --law fr --from 2026-07-01');
  });

  it("computes with a half-year the organization added, and keeps the built-in ones unless replaced", async () => {
    const url = await freshDatabaseUrl('sqlite');
    expect((await relance(['org', 'create', '--name', 'Acme', '--country', 'FR'], url)).code).toBe(0);
    const added = await relance(['rates', 'add', '--law', 'fr', '--from', '2026-07-01', '--percent', '11', '--source', 'JORF notice of July 2026'], url);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);

    const run = await relance(['interest', '--law', 'fr', '--amount', '1000', '--due', '2026-06-20', '--paid', '2026-08-10', '--json'], url);
    expect(run.code).toBe(0);
    // 1000 × (12.15 % × 10 + 11 % × 41) / 365 = 5.725 × 1000 / 365 = 15.684… → 15.68
    expect(JSON.parse(run.stdout)).toMatchObject({ days_late: 51, interest: '15.68' });
    expect(JSON.parse(run.stdout).periods[1]).toMatchObject({ from: '2026-07-01', rate: '11', source: 'JORF notice of July 2026' });

    const clash = await relance(['rates', 'add', '--law', 'fr', '--from', '2026-01-01', '--percent', '9', '--source', 'contract'], url);
    expect(clash.code).not.toBe(0);
    expect(clash.stderr).toContain('--replace');
    const replaced = await relance(['rates', 'add', '--law', 'fr', '--from', '2026-01-01', '--percent', '9', '--source', 'contract', '--replace'], url);
    expect(replaced.code).toBe(0);

    const list = JSON.parse((await relance(['rates', 'list', '--law', 'fr', '--json'], url)).stdout);
    const byFrom = Object.fromEntries(list.items.map((e: { from: string; rate: string; origin: string }) => [e.from, `${e.rate} ${e.origin}`]));
    expect(byFrom).toMatchObject({ '2025-07-01': '12.15 built_in', '2026-01-01': '9 replaced', '2026-07-01': '11 added' });
  });

  it('says what is wrong with a half-year that does not start on 1 January or 1 July', async () => {
    const url = await freshDatabaseUrl('sqlite');
    await relance(['org', 'create', '--name', 'Acme', '--country', 'BE'], url);
    const run = await relance(['rates', 'add', '--law', 'be', '--from', '2026-08-01', '--percent', '10', '--source', 'x'], url);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('1 January or 1 July');
  });
});
