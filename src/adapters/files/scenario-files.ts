import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { AppError, formatIssue, type ImportIssue } from '../../core/app-error.js';
import type { Scenario } from '../../core/scenarios/scenario.js';
import { validateScenario, type DocumentPath } from '../../core/scenarios/validate-scenario.js';

/**
 * Reads a scenario written in YAML (or JSON, which YAML reads too). Broken YAML is reported at
 * its line and column; a valid document with wrong fields is reported per field
 * (`steps[3].offset_days`) with the line and column of that field in the text.
 */
export function parseScenarioText(text: string, file?: string): Scenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const issues: ImportIssue[] = document.errors.map((error) => {
      const at = lineCounter.linePos(error.pos[0]);
      return { ...(file !== undefined ? { file } : {}), line: at.line, column: at.col, message: `not valid YAML: ${error.message}` };
    });
    throw new AppError('validation_failed', `the scenario is not valid YAML: ${formatIssue(issues[0]!)}`, issues[0]!, { issues });
  }
  const locate = (path: DocumentPath) => {
    const offset = offsetOf(document.contents, path);
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return validateScenario(document.toJS({ maxAliasCount: 50 }), { ...(file !== undefined ? { file } : {}), locate });
}

/** Where the deepest existing node on the path starts: a key for a field, the item for a list entry. */
function offsetOf(root: unknown, path: DocumentPath): number | undefined {
  let node = root as Node | null | undefined;
  let offset = node?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

export function readScenarioFile(path: string): Scenario {
  return parseScenarioText(readFileSync(path, 'utf8'), path);
}

/** Every `*.yaml`, `*.yml` and `*.json` scenario of a folder, in file-name order. */
export function readScenarioDirectory(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .sort()
    .map((name) => readScenarioFile(join(dir, basename(name))));
}
