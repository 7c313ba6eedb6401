import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every `*.liquid` file of a folder, keyed by its name without the extension (`firm-reminder.fr`). */
export function readTemplateDirectory(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.liquid')) files[name.slice(0, -'.liquid'.length)] = readFileSync(join(dir, name), 'utf8');
  }
  return files;
}
