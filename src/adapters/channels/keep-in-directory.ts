import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where kept and generated documents go unless configured otherwise. */
export const DEFAULT_OUTBOX_DIR = './data/outbox';

/**
 * Writes a document for one message under `dir/organizationId/`, via a temporary file and a
 * rename, so a crash never leaves half a file under the final name.
 */
export async function writeOutboxFile(dir: string, organizationId: string, fileName: string, content: Buffer | string): Promise<string> {
  const folder = resolve(join(dir, organizationId));
  await mkdir(folder, { recursive: true });
  const path = join(folder, fileName);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
  return path;
}
