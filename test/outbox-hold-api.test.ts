import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/adapters/db/database.js';
import type { ChannelTransports, OutgoingMessage } from '../src/adapters/channels/channel-transport.js';
import { saveCollectionSettings } from '../src/adapters/db/stores/collection-settings.js';
import { createUser } from '../src/adapters/db/stores/users.js';
import { enqueueMessage } from '../src/app/outbox/enqueue-message.js';
import { sendDueMessages } from '../src/app/outbox/send-due-messages.js';
import { buildApp } from '../src/http/build-app.js';
import { signIn, type ApiCaller } from './support/api-session.js';
import { ENGINES, freshDatabase } from './support/engines.js';
import { emailFor, outboxLedger } from './fixtures/outbox/outbox-ledger.js';

// Monday 2 March 2026, 10:00 in Paris: inside business hours (09:00–18:00).
const MONDAY_10AM_PARIS = new Date('2026-03-02T09:00:00Z');
// Saturday 7 March 2026, 11:00 in Paris: no message leaves before Monday 09:00.
const SATURDAY = new Date('2026-03-07T10:00:00Z');
const PASSWORD = 'hold the letters please';

describe.each(ENGINES)('holding and sending outbox messages on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let organizationId: string;
  let customerId: string;
  let anna: ApiCaller;
  let viewer: ApiCaller;
  let clock: Date;
  const delivered: string[] = [];
  const email = { async send(message: OutgoingMessage) { delivered.push(message.subject); return { kind: 'sent' as const }; } };

  beforeEach(async () => {
    delivered.length = 0;
    clock = MONDAY_10AM_PARIS;
    db = await freshDatabase(engine);
    ({ organizationId, customerId } = await outboxLedger(db));
    await saveCollectionSettings(db, organizationId, { senderEmail: 'relances@morel.example' });
    await createUser(db, organizationId, { email: 'anna@morel.test', name: 'Anna', password: PASSWORD, role: 'collector' });
    await createUser(db, organizationId, { email: 'viewer@morel.test', name: 'Viewer', password: PASSWORD, role: 'viewer' });
    app = await buildApp({ db, now: () => clock });
    await app.ready();
    anna = await signIn(app, 'anna@morel.test', PASSWORD);
    viewer = await signIn(app, 'viewer@morel.test', PASSWORD);
  });
  afterEach(async () => {
    await app.close();
    await db.close();
  });

  const send = (now: Date) => sendDueMessages(db, { now, workerId: 'w1', transports: { email } as unknown as ChannelTransports });

  it('skips a held message in the sending pass, says who held it, and sends it once released', async () => {
    const held = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    await enqueueMessage(db, organizationId, emailFor(customerId, 2));
    expect((await viewer.post(`/api/outbox/${held.id}/hold`)).statusCode).toBe(403);
    const response = await anna.post(`/api/outbox/${held.id}/hold`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'queued', on_hold: { by: { name: 'Anna' } }, waiting_reason: { code: 'held', by: 'Anna' } });
    expect(response.json().waiting_reason.text).toEqual({
      en: 'Held by Anna on 2 March 2026: it leaves only once released.',
      fr: 'Retenu par Anna le 2 mars 2026 : il ne part qu’une fois libéré.',
    });
    expect((await anna.post(`/api/outbox/${held.id}/hold`)).json().localized_detail.en).toBe('This message is already held.');

    expect((await send(MONDAY_10AM_PARIS)).sent).toBe(1);
    expect(delivered).toEqual(['Rappel : facture F-2']);

    expect((await anna.post(`/api/outbox/${held.id}/release`)).json()).toMatchObject({ on_hold: null, waiting_reason: { code: 'due_now' } });
    expect((await send(MONDAY_10AM_PARIS)).sent).toBe(1);
    expect(delivered).toEqual(['Rappel : facture F-2', 'Rappel : facture F-1']);
    expect((await anna.post(`/api/outbox/${held.id}/release`)).statusCode).toBe(409);
  });

  it('says a message waits for the next business-hours slot, and "send now" outside hours names that slot', async () => {
    clock = SATURDAY;
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1, { notBefore: '2026-03-09T12:00:00Z' }));
    const listed = (await viewer.get('/api/outbox')).json().items[0];
    expect(listed.waiting_reason).toMatchObject({ code: 'business_hours', text: { en: 'Next business-hours slot: Monday 9 March 2026 at 13:00.' } });

    const now = await anna.post(`/api/outbox/${id}/send-now`);
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json()).toMatchObject({ immediately: false, at: '2026-03-09T08:00:00.000Z' });
    expect(now.json().text.en).toBe('Outside business hours: it leaves at the next business-hours slot, Monday 9 March 2026 at 09:00.');
    expect(now.json().text.fr).toBe('Hors des heures ouvrées : il part au prochain créneau ouvré, lundi 9 mars 2026 à 09:00.');
    expect((await send(SATURDAY)).claimed).toBe(0);
    expect((await send(new Date('2026-03-09T08:00:00Z'))).sent).toBe(1);
  });

  it('sends a message now inside business hours, ahead of its planned time, and lifts a hold', async () => {
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1, { notBefore: '2026-03-04T08:00:00Z' }));
    await anna.post(`/api/outbox/${id}/hold`);
    expect((await send(MONDAY_10AM_PARIS)).claimed).toBe(0);
    const now = (await anna.post(`/api/outbox/${id}/send-now`)).json();
    expect(now).toMatchObject({ immediately: true, message: { on_hold: null, waiting_reason: { code: 'due_now' } } });
    expect((await send(MONDAY_10AM_PARIS)).sent).toBe(1);
    const again = await anna.post(`/api/outbox/${id}/send-now`);
    expect(again.statusCode).toBe(409);
    expect(again.json().localized_detail.fr).toBe('Seul un message encore en attente peut être envoyé maintenant.');
  });

  it('cancels a held message, which never goes out', async () => {
    const { id } = await enqueueMessage(db, organizationId, emailFor(customerId, 1));
    await anna.post(`/api/outbox/${id}/hold`);
    expect((await anna.post(`/api/outbox/${id}/cancel`, { reason: 'paid by phone' })).json()).toMatchObject({ status: 'cancelled', waiting_reason: null });
    await anna.post(`/api/outbox/${id}/release`);
    expect((await send(MONDAY_10AM_PARIS)).claimed).toBe(0);
    expect(delivered).toEqual([]);
  });
});
