import { ApiError } from './api-client.js';
import type { Problem } from './api-types.js';

/**
 * Fetches a file from the API and saves it under the name the server gave in
 * Content-Disposition. Fetched rather than linked, so a refusal comes back as an ApiError to
 * say in a sentence, instead of an error saved as a file.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as Problem);
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
  return fileName;
}
