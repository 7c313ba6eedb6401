/**
 * A small seeded pseudo-random generator for demo data. Math.random cannot be seeded, and
 * the demo must come out byte-identical for the same seed, so every draw goes through this.
 * Each customer gets its own streams (see `streamSeed`): changing how one customer is drawn
 * never shifts the data of the others, and a customer can be redrawn without replaying the
 * customers before it.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Mulberry32: 32 bits of state, good enough spread for sampling, and tiny. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks a value with the given relative weights. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let x = this.next() * total;
    for (const [value, weight] of choices) {
      x -= weight;
      if (x < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** A standard normal draw (Box–Muller), for log-normal amounts. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i += 1) s += String(this.int(0, 9));
    return s;
  }
}

/** A 32-bit seed for one stream of one item: the same inputs always give the same seed. */
export function streamSeed(seed: number, index: number, stream: string): number {
  // FNV-1a over the stream name, then murmur3's finaliser over the combination.
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i += 1) {
    h ^= stream.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.imul(seed >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= Math.imul(index >>> 0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function randomFor(seed: number, index: number, stream: string): SeededRandom {
  return new SeededRandom(streamSeed(seed, index, stream));
}
