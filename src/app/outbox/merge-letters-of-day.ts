import { PDFDocument } from 'pdf-lib';
import { AppError } from '../../core/app-error.js';
import { addDays, type PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { listOwnedCustomerIds } from '../../adapters/db/stores/customers.js';
import { listLettersBetween } from '../../adapters/db/stores/outbox-holds.js';
import { ownerScope, type Caller } from '../auth/caller.js';
import { instantOf } from '../collection/local-time.js';
import { renderOutboxDocument } from './render-outbox-document.js';

export interface LettersOfDay {
  pdf: Buffer;
  letters: number;
  pages: number;
  fileName: string;
}

/**
 * Every letter and registered letter that left on one day of the organization's calendar, in
 * one PDF for the post room, one after the other in the order they left. Each letter is the
 * PDF kept when it left (or rendered again from its row), copied page by page, never redrawn.
 */
export async function mergeLettersOfDay(db: Db, organization: OrganizationRow, caller: Caller, date: PlainDate, now: Date): Promise<LettersOfDay> {
  const zone = organization.time_zone;
  const from = instantOf({ date, time: '00:00' }, zone).toISOString();
  const to = instantOf({ date: addDays(date, 1), time: '00:00' }, zone).toISOString();
  const owner = ownerScope(caller);
  const customerIds = owner !== undefined ? await listOwnedCustomerIds(db, organization.id, owner) : undefined;
  const rows = await listLettersBetween(db, organization.id, from, to, customerIds);
  if (rows.length === 0) {
    const en = `No letter left on ${formatDateForLanguage(date, 'en')}: there is nothing to print.`;
    const fr = `Aucun courrier n’est parti le ${formatDateForLanguage(date, 'fr')} : rien à imprimer.`;
    throw new AppError('not_found', en, { field: 'date' }, { localized: { en, fr } });
  }
  const merged = await PDFDocument.create();
  merged.setTitle(`Letters of ${date}`);
  for (const row of rows) {
    const document = await renderOutboxDocument(db, row, now);
    const letter = await PDFDocument.load(document.content);
    for (const page of await merged.copyPages(letter, letter.getPageIndices())) merged.addPage(page);
  }
  return { pdf: Buffer.from(await merged.save()), letters: rows.length, pages: merged.getPageCount(), fileName: `letters-${date}.pdf` };
}
