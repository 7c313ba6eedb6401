/**
 * Which of a customer's open invoices one transfer pays when it pays several at once and names
 * none: a subset whose open amounts add up exactly to the amount. The search is bounded (the
 * oldest invoices only, a budget of steps) so a customer with hundreds of open invoices cannot
 * stall a statement, and it prefers the oldest invoices: customers settle the oldest first.
 */

/** The most invoices of one customer the search looks at, oldest first. */
export const SUBSET_SEARCH_INVOICES = 24;
/** The most invoices one transfer is taken to pay at once. */
export const SUBSET_SEARCH_SIZE = 6;
const STEP_BUDGET = 20_000;

export interface SubsetSumResult {
  /** Indexes into the amounts given, in increasing order. */
  readonly indexes: readonly number[];
  /** Whether another subset adds up to the same amount: which invoices were paid is then a guess. */
  readonly unique: boolean;
}

/**
 * The first subset of two or more `amounts` (positive, oldest first) adding up to `target`, in
 * the order that takes the oldest invoices first, and whether it is the only one found within
 * the bounds. Null when none is found within them.
 */
export function findSubsetSum(amounts: readonly number[], target: number): SubsetSumResult | null {
  const candidates = amounts.slice(0, SUBSET_SEARCH_INVOICES);
  const suffix = new Array<number>(candidates.length + 1).fill(0);
  for (let i = candidates.length - 1; i >= 0; i -= 1) suffix[i] = suffix[i + 1]! + Math.max(0, candidates[i]!);
  const found: number[][] = [];
  const chosen: number[] = [];
  let steps = 0;

  function search(index: number, sum: number): void {
    if (found.length >= 2 || steps >= STEP_BUDGET) return;
    steps += 1;
    if (sum === target && chosen.length >= 2) {
      found.push([...chosen]);
      return;
    }
    if (index >= candidates.length || chosen.length >= SUBSET_SEARCH_SIZE) return;
    if (sum + suffix[index]! < target) return;
    const amount = candidates[index]!;
    if (amount > 0 && sum + amount <= target) {
      chosen.push(index);
      search(index + 1, sum + amount);
      chosen.pop();
    }
    search(index + 1, sum);
  }

  search(0, 0);
  const first = found[0];
  return first ? { indexes: first, unique: found.length === 1 && steps < STEP_BUDGET } : null;
}
