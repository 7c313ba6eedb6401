import type { ImportIssueReason } from '../../core/app-error.js';
/**
 * "Date d'échéance", "DATE ECHEANCE" and "date_echeance" are the same column: names are compared
 * without case, accents, spaces or punctuation ("N° facture" → "nfacture").
 */
export function normalizeColumnName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A column an import understands, with the header names it is known by (as people write them), most specific first. */
export interface ColumnSpec<F extends string = string> {
  field: F;
  aliases: readonly string[];
  required: boolean;
}

export interface ColumnProblem {
  /** 0-based index of the header cell concerned, or null for the header as a whole. */
  headerIndex: number | null;
  message: string;
  reason: ImportIssueReason;
}

export interface ResolvedColumns<F extends string = string> {
  /** Field → index of its column in each record. */
  indexOf: Map<F, number>;
  problems: ColumnProblem[];
}

/**
 * Matches header cells to fields. An explicit mapping (field → header name) wins; otherwise the
 * header cell matching the earliest alias of a field is taken, so "Code client" beats "Client"
 * for the customer reference when a file has both.
 */
export function resolveColumns<F extends string>(
  header: readonly string[],
  specs: readonly ColumnSpec<F>[],
  explicit: ReadonlyMap<F, string> = new Map(),
): ResolvedColumns<F> {
  const normalized = header.map(normalizeColumnName);
  const indexOf = new Map<F, number>();
  const taken = new Set<number>();
  const problems: ColumnProblem[] = [];
  for (const [field, name] of explicit) {
    const at = normalized.indexOf(normalizeColumnName(name));
    if (at < 0) {
      problems.push({
        headerIndex: null,
        message: `the column "${name}" named for ${field} in the mapping is not in the header`,
        reason: { code: 'mapped_column_missing', field, value: name },
      });
      continue;
    }
    indexOf.set(field, at);
    taken.add(at);
  }
  for (const spec of specs) {
    if (indexOf.has(spec.field)) continue;
    for (const alias of spec.aliases) {
      const wanted = normalizeColumnName(alias);
      const at = normalized.findIndex((name, i) => name === wanted && !taken.has(i));
      if (at >= 0) {
        indexOf.set(spec.field, at);
        taken.add(at);
        break;
      }
    }
  }
  for (const spec of specs) {
    if (spec.required && !indexOf.has(spec.field)) {
      const known = spec.aliases.slice(0, 4).join('", "');
      problems.push({
        headerIndex: null,
        message: `missing required column ${spec.field} (a header such as "${known}", or map it with --map ${spec.field}=HEADER)`,
        reason: { code: 'missing_column', field: spec.field, value: spec.aliases[0] ?? spec.field },
      });
    }
  }
  return { indexOf, problems };
}
