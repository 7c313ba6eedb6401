import { describe, expect, it } from 'vitest';
import { LineFingerprints } from './line-fingerprints.js';

describe('LineFingerprints', () => {
  it('tells the first line of a repeated key, and 0 for a new one, across many keys', () => {
    const index = new LineFingerprints(4);
    let repeats = 0;
    for (let i = 0; i < 200_000; i += 1) if (index.add(`INV-${i}`, i + 2) !== 0) repeats += 1;
    expect(repeats).toBe(0);
    expect(index.size).toBe(200_000);
    expect(index.add('INV-0', 300_000)).toBe(2);
    expect(index.add('INV-199999', 300_001)).toBe(200_001);
    expect(index.add('INV-200000', 300_002)).toBe(0);
  });

  it('tells apart keys that differ only by order or case', () => {
    const index = new LineFingerprints();
    expect(index.add('AB-12', 2)).toBe(0);
    expect(index.add('BA-12', 3)).toBe(0);
    expect(index.add('ab-12', 4)).toBe(0);
    expect(index.add('AB-21', 5)).toBe(0);
  });
});
