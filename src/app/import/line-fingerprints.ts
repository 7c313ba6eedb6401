/**
 * Which line first carried each key (invoice number, payment reference) of a file, in about
 * 24 bytes per key instead of the ~100 a `Map<string, number>` takes: a million-row file must
 * fit in a few hundred megabytes. Keys are stored as 64-bit fingerprints, so a hit only means
 * "probably the same key"; the caller confirms hits against the text before reporting them
 * (with a million keys, two different ones share a fingerprint about once in 30 million files).
 */
export class LineFingerprints {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private lines: Uint32Array;
  private used = 0;

  constructor(capacity = 1 << 12) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
  }

  get size(): number {
    return this.used;
  }

  /** Records the key's line; returns 0 when the key is new, else the line that carried it first. */
  add(key: string, line: number): number {
    // FNV-1a and a Murmur-style mix over the UTF-16 code units: two independent 32-bit halves.
    let a = 0x811c9dc5;
    let b = 0x9747b28c ^ key.length;
    for (let i = 0; i < key.length; i += 1) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 13;
    }
    a >>>= 0;
    b = (Math.imul(b ^ (b >>> 15), 0x27d4eb2d) ^ (b >>> 16)) >>> 0;
    if ((this.used + 1) * 2 > this.lines.length) this.grow();
    const mask = this.lines.length - 1;
    for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const seen = this.lines[slot]!;
      if (seen === 0) {
        this.hi[slot] = a;
        this.lo[slot] = b;
        this.lines[slot] = line;
        this.used += 1;
        return 0;
      }
      if (this.hi[slot] === a && this.lo[slot] === b) return seen;
    }
  }

  private grow(): void {
    const { hi, lo, lines } = this;
    const capacity = lines.length * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < lines.length; i += 1) {
      if (lines[i] === 0) continue;
      let slot = (hi[i]! ^ Math.imul(lo[i]!, 0x9e3779b1)) & mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & mask;
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}
