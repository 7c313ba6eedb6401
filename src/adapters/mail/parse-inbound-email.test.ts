import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recogniseAutomaticReply } from '../../core/inbound/recognise-automatic-reply.js';
import { parseInboundEmail } from './parse-inbound-email.js';

const OUTBOX_ID = '7d0f3c1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f';
const sample = (name: string) => parseInboundEmail(Buffer.from(readFileSync(join(import.meta.dirname, '../../../test/fixtures/inbound', name), 'utf8').replaceAll('OUTBOX_ID', OUTBOX_ID)));

describe('reading a received email', () => {
  it('takes a customer’s answer for a person’s, with its thread, its text and its attachment', async () => {
    const mail = await sample('human-reply.eml');
    expect(mail.authorship).toEqual({ kind: 'human' });
    expect(mail.from).toEqual({ address: 'marie.dubois@dubois-freres.example', name: 'Marie Dubois' });
    expect(mail.inReplyTo).toEqual([`<${OUTBOX_ID}@outbox.relance>`]);
    expect(mail.recipients).toContain('relances@atelier-durand.example');
    expect(mail.text).toContain('We paid invoice F-2026-014');
    expect(mail.attachments).toEqual([{ fileName: 'transfer-order.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\n% a transfer order') }]);
    expect(mail.dedupeKey).toBe('<CAF4x9k2@mail.dubois-freres.example>');
  });

  it.each([
    ['out-of-office-fr.eml', 'Auto-Submitted: auto-replied'],
    ['out-of-office-de.eml', 'out-of-office subject'],
    ['out-of-office-nl.eml', 'X-Autoreply header'],
    ['bulk.eml', 'Precedence: bulk'],
  ])('recognises %s as an automatic reply', async (name, reason) => {
    expect((await sample(name)).authorship).toEqual({ kind: 'automatic', reason });
  });

  it('recognises a bounce and names the reminder that came back', async () => {
    const mail = await sample('bounce-postfix.eml');
    expect(mail.authorship).toEqual({ kind: 'bounce', reason: 'delivery status report' });
    expect(mail.returnedMessageIds).toEqual([`<${OUTBOX_ID}@outbox.relance>`]);
    expect(mail.attachments).toEqual([]);
  });
});

describe('automatic replies by their headers and subjects', () => {
  const shape = (headers: Record<string, string>, subject = 'Re: invoice F-1', extra: Partial<Parameters<typeof recogniseAutomaticReply>[0]> = {}) =>
    recogniseAutomaticReply({ headers, subject, contentType: 'text/plain', partTypes: [], fromAddress: 'a@b.example', ...extra }).kind;

  it('takes Auto-Submitted: no for a person', () => {
    expect(shape({ 'auto-submitted': 'no' })).toBe('human');
  });

  it('knows X-Autorespond and Precedence: junk or auto_reply', () => {
    expect(shape({ 'x-autorespond': 'on' })).toBe('automatic');
    expect(shape({ precedence: 'junk' })).toBe('automatic');
    expect(shape({ precedence: 'auto_reply' })).toBe('automatic');
    expect(shape({ precedence: 'list' })).toBe('human');
  });

  it('knows out-of-office subjects in English, French, Dutch and German, with or without accents', () => {
    for (const subject of ['Out of Office: Reminder', 'Automatic reply: Reminder', 'Absence du bureau', 'Reponse automatique : Relance', 'Afwezig', 'Nicht im Büro: Mahnung', 'AW: Abwesenheitsnotiz']) {
      expect(shape({}, subject)).toBe('automatic');
    }
  });

  it('does not take a person’s subject that merely mentions an absence for a machine', () => {
    expect(shape({}, 'Re: invoice while I was out of office')).toBe('human');
    expect(shape({}, 'Re: Relance facture F-1')).toBe('human');
  });

  it('takes a delivery-status message for a bounce and a read receipt for an automatic reply', () => {
    expect(shape({}, 'x', { contentType: 'message/delivery-status' })).toBe('bounce');
    expect(shape({}, 'Read: Reminder', { contentType: 'multipart/report', reportType: 'disposition-notification' })).toBe('automatic');
  });
});
