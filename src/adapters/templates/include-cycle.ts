import { TagToken, Tokenizer } from 'liquidjs';

/** Where a template names another one in `include` or `render`, with a quoted name. */
interface Inclusion {
  name: string;
  line: number;
  column: number;
}

/** A chain of templates that comes back to where it started, and where the first step of it is written. */
export interface IncludeCycle {
  /** Template names, the first and the last being the same. */
  chain: string[];
  line: number;
  column: number;
}

const INCLUSION = /^\s*(?:include|render)\s+(['"])([^'"]+)\1/;

/** The templates a text includes by name; names held in variables cannot be known before rendering. */
function inclusionsOf(source: string): Inclusion[] {
  const found: Inclusion[] = [];
  let skipping: string | null = null;
  let tokens;
  try {
    tokens = new Tokenizer(source).readTopLevelTokens();
  } catch {
    // A text that does not even tokenize is refused by its rendering, with a better message.
    return found;
  }
  for (const token of tokens) {
    if (!(token instanceof TagToken)) continue;
    if (skipping !== null) {
      if (token.name === skipping) skipping = null;
      continue;
    }
    if (token.name === 'raw' || token.name === 'comment') {
      skipping = `end${token.name}`;
      continue;
    }
    const [line = 0, column = 0] = token.getPosition();
    // `{% liquid %}` holds one tag a line: `include 'x'` among them.
    const statements = token.name === 'liquid' ? token.args.split('\n') : [`${token.name} ${token.args}`];
    for (const statement of statements) {
      const match = INCLUSION.exec(statement);
      if (match) found.push({ name: match[2]!, line, column });
    }
  }
  return found;
}

/**
 * Whether the template `start` includes itself, directly or through the templates it includes
 * (`files` maps names to texts): the first chain found, placed at the inclusion in `start`
 * that begins it. Such a template could only be rendered without end.
 */
export function findIncludeCycle(files: Readonly<Record<string, string>>, start: string): IncludeCycle | null {
  const inclusions = new Map<string, Inclusion[]>();
  const of = (name: string) => {
    let found = inclusions.get(name);
    if (!found) {
      found = files[name] === undefined ? [] : inclusionsOf(files[name]!);
      inclusions.set(name, found);
    }
    return found;
  };
  // Templates known to lead back to no chain through `start`, so shared blocks are read once.
  const clear = new Set<string>();
  const leadsBack = (name: string, path: string[]): string[] | null => {
    if (name === start) return [...path, name];
    if (clear.has(name) || path.includes(name)) return null;
    for (const next of of(name)) {
      const chain = leadsBack(next.name, [...path, name]);
      if (chain) return chain;
    }
    clear.add(name);
    return null;
  };
  for (const first of of(start)) {
    const chain = leadsBack(first.name, [start]);
    if (chain) return { chain, line: first.line, column: first.column };
  }
  return null;
}
