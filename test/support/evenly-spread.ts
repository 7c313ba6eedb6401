/**
 * A stand-in for Math.random that picks evenly spread values in [0, 1): each next value is the
 * last plus the golden ratio, modulo 1, so any run of n values (and every other value of them)
 * leaves no gap wider than about 2/n. The crash tests aim their kills with it, so a dozen kills
 * land at every stage of the work, the same ones in every run; the crash soak keeps drawing at
 * random.
 */
export function evenlySpread(start = 0.5): () => number {
  let value = start;
  return () => {
    value = (value + 0.6180339887498949) % 1;
    return value;
  };
}
