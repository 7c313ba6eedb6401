import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../app/outbox/message-id.js';
import { messageIdsIn, outboxIdsAnswered, replyExcerpt, threadReply } from './thread-reply.js';

const OUTBOX_ID = '7d0f3c1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f';

describe('threading a reply to its customer', () => {
  it('reads back the outbox message a reply answers from the Message-ID the outbox wrote', () => {
    expect(outboxIdsAnswered([messageIdFor(OUTBOX_ID)], [])).toEqual([OUTBOX_ID]);
  });

  it('falls back on References, newest first, when a client drops In-Reply-To', () => {
    const older = messageIdFor('11111111-1111-4111-8111-111111111111');
    expect(outboxIdsAnswered([], messageIdsIn(`${older} <x@client.example> ${messageIdFor(OUTBOX_ID)}`))).toEqual([OUTBOX_ID, '11111111-1111-4111-8111-111111111111']);
  });

  it('ignores ids another mail system wrote', () => {
    expect(outboxIdsAnswered(['<abc@mail.example>'], ['<x@outbox.relance.evil.example>'])).toEqual([]);
  });

  it('prefers the message answered over the sender address', () => {
    expect(threadReply([{ outboxId: OUTBOX_ID, customerId: 'c1' }], ['c2'])).toEqual({ customerId: 'c1', by: 'message_id', outboxId: OUTBOX_ID });
  });

  it('threads by the sender when one customer alone has that contact address', () => {
    expect(threadReply([], ['c2', 'c2'])).toEqual({ customerId: 'c2', by: 'sender' });
  });

  it('leaves the reply unmatched when two customers share the sender address, or none has it', () => {
    expect(threadReply([], ['c1', 'c2'])).toEqual({ customerId: null, by: null });
    expect(threadReply([], [])).toEqual({ customerId: null, by: null });
  });
});

describe('the first lines of a reply', () => {
  it('keeps what the person wrote and drops the quoted reminder', () => {
    const text = 'Hello,\n\nWe paid on 27 February.\n\n\nBest,\nMarie\n\nOn Mon, 2 Mar 2026 at 09:00, Atelier <a@b.example> wrote:\n> Dear customer';
    expect(replyExcerpt(text)).toBe('Hello,\n\nWe paid on 27 February.\n\nBest,\nMarie');
  });

  it('stops at a French or Outlook quote header', () => {
    expect(replyExcerpt('Bien reçu.\nLe lun. 2 mars 2026 à 09:00, Atelier a écrit :\n> Madame')).toBe('Bien reçu.');
    expect(replyExcerpt('Noted.\n-----Original Message-----\nFrom: Atelier')).toBe('Noted.');
  });

  it('is bounded in lines and characters', () => {
    expect(replyExcerpt(Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n'), { maxLines: 3 })).toBe('line 0\nline 1\nline 2');
    expect(replyExcerpt('x'.repeat(1000), { maxChars: 10 })).toBe('xxxxxxxxx…');
  });
});
