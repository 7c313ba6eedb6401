import { AppError } from '../../core/app-error.js';

/**
 * An error about a template text being saved or previewed, turned into one that names the
 * request's `text` field, keeping its file:line:column so the editor can point at the place.
 */
export function templateTextError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.place.field !== undefined) return error;
  const { file, line, column } = error.place;
  return new AppError(
    error.code,
    error.message,
    { field: 'text', ...(file !== undefined ? { file } : {}), ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
    { cause: error, issues: error.issues },
  );
}

/** Runs a check or a rendering of the text being edited, its errors naming the `text` field. */
export function aboutText<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw templateTextError(error);
  }
}
