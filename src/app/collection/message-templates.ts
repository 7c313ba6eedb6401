import { fileURLToPath } from 'node:url';
import { createTemplateRenderer, type TemplateRenderer } from '../../adapters/templates/liquid-renderer.js';
import { readTemplateDirectory } from '../../adapters/templates/read-template-directory.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

let shared: TemplateRenderer | null = null;

/** The built-in message templates, read once per process. */
export function builtInTemplateRenderer(): TemplateRenderer {
  shared ??= createTemplateRenderer(readTemplateDirectory(TEMPLATE_DIR));
  return shared;
}
