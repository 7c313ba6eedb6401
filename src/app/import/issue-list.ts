import type { ImportIssue } from '../../core/app-error.js';

export const DEFAULT_MAX_ISSUES = 1000;

/**
 * Collects every problem of a file but keeps only the first `max`: a file with a million bad
 * lines must not exhaust memory to say so. `total` still counts them all.
 */
export class IssueList {
  readonly items: ImportIssue[] = [];
  total = 0;

  constructor(readonly max: number = DEFAULT_MAX_ISSUES) {}

  add(issue: ImportIssue): void {
    this.total += 1;
    if (this.items.length < this.max) this.items.push(issue);
  }

  /** The kept issues in file order, plus a last line saying how many were left out. */
  listed(): ImportIssue[] {
    const more = this.total - this.items.length;
    const sorted = [...this.items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return more > 0 ? [...sorted, { message: `… and ${more} more not listed`, reason: { code: 'more_not_listed', value: String(more) } }] : sorted;
  }
}
