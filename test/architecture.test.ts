import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1]!,
  );
}

describe('architecture', () => {
  it('keeps the domain core free of I/O: no node built-ins, drivers, HTTP or outer layers', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, 'src/core'))) {
      if (file.endsWith('.test.ts')) continue;
      for (const spec of importsOf(file)) {
        const target = join(file, '..', spec);
        const allowed = spec.startsWith('.') && relative(join(root, 'src/core'), target).split('/')[0] !== '..';
        if (!allowed) offenders.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the domain core off the wall clock, the environment and chance: time and settings are passed in', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, 'src/core'))) {
      if (file.endsWith('.test.ts')) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        const code = line.replace(/\/\/.*$/, '');
        for (const forbidden of [/\bnew Date\b/, /\bDate\.now\b/, /\bprocess\.env\b/, /\bMath\.random\b/]) {
          if (forbidden.test(code)) offenders.push(`${relative(root, file)}:${index + 1} uses ${forbidden.source.replace(/\\b|\\/g, '')}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });

  it('lets no inner layer import an outer one', () => {
    const rules: Array<[string, RegExp]> = [
      ['src/adapters', /\/(app|http|cli)\//],
      ['src/app', /\/(http|cli)\//],
      ['src/http', /\/cli\//],
    ];
    const offenders: string[] = [];
    for (const [dir, forbidden] of rules) {
      for (const file of sourceFiles(join(root, dir))) {
        for (const spec of importsOf(file)) {
          if (spec.startsWith('.') && forbidden.test(`/${relative(root, join(file, '..', spec))}`.replace(/^\/src/, ''))) {
            offenders.push(`${relative(root, file)} imports ${spec}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
