import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../adapters/db/database.js';
import { listContacts } from '../../adapters/db/stores/contacts.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getCustomer } from '../../adapters/db/stores/customers.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import {
  customerOpenBalanceMinor,
  getPortalLinkCode,
  hasPortalLinkPass,
  insertPortalLinkPass,
  setPortalLinkCode,
  spendPortalCodeAttempt,
  type LivePortalLink,
} from '../../adapters/db/stores/portal-links.js';
import { hashToken, newSecretToken } from '../../adapters/security/tokens.js';
import { messageLanguageOf, outboxSenderOf } from '../collection/build-template-context.js';
import { findRecipient } from '../collection/find-recipient.js';
import { enqueueMessage } from '../outbox/enqueue-message.js';
import { sendDueMessages } from '../outbox/send-due-messages.js';
import type { PortalAccess } from './portal-links.js';

/** How long a mailed code holds, how many wrong tries a link gets, how long a browser stays let in. */
export const PORTAL_CODE_MINUTES = 10;
export const PORTAL_CODE_ATTEMPTS = 5;
export const PORTAL_PASS_HOURS = 12;
// A second request within a minute sends nothing more: a page reloaded does not flood the inbox.
const RESEND_AFTER_MS = 60_000;
const MINUTE_MS = 60_000;

const ACTION_PREFIX = 'portal-code:';

/** A code email is no reminder: nothing about the case stops it, and it leaves at any hour. */
export function isPortalCodeMessage(message: { action_id: string }): boolean {
  return message.action_id.startsWith(ACTION_PREFIX);
}

/**
 * Whether opening a link asks for a code first: the organization set a balance above which it
 * does, and this customer owes more than that (in the organization's currency).
 */
export async function needsPortalCode(db: Db, link: Pick<LivePortalLink, 'organizationId' | 'customerId' | 'codeAboveMinor'>): Promise<boolean> {
  if (link.codeAboveMinor === null) return false;
  return (await customerOpenBalanceMinor(db, link.organizationId, link.customerId)) > link.codeAboveMinor;
}

/** Whether the browser holding this pass (the cookie's value) already gave the link's code. */
export async function hasPassed(db: Db, linkId: string, pass: string | undefined, now: Date): Promise<boolean> {
  return pass !== undefined && pass !== '' && hasPortalLinkPass(db, linkId, hashToken(pass), now.toISOString());
}

/** Where a link's code stands: none asked yet (or it lapsed), one waiting, or the link locked by wrong codes. */
export type PortalCodeState = { kind: 'none' } | { kind: 'sent'; expiresAt: string; attemptsLeft: number } | { kind: 'locked' };

export async function portalCodeState(db: Db, linkId: string, now: Date): Promise<PortalCodeState> {
  const code = await getPortalLinkCode(db, linkId);
  if (!code) return { kind: 'none' };
  if (code.attemptsLeft !== null && code.attemptsLeft <= 0) return { kind: 'locked' };
  if (code.codeHash && code.expiresAt && code.expiresAt > now.toISOString()) return { kind: 'sent', expiresAt: code.expiresAt, attemptsLeft: code.attemptsLeft ?? PORTAL_CODE_ATTEMPTS };
  return { kind: 'none' };
}

function codeHash(linkId: string, code: string): string {
  return hashToken(`${linkId}:${code}`);
}

/** "j•••@example.com": enough for the debtor to know which address, not enough to read it off a screen. */
export function maskedEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

const CODE_EMAIL = {
  fr: {
    subject: (org: string) => `Votre code pour ouvrir votre espace ${org}`,
    text: (org: string, code: string) =>
      `Bonjour,\n\nVotre code pour ouvrir votre espace client ${org} est : ${code}\nIl est valable ${PORTAL_CODE_MINUTES} minutes.\n\nSi vous ne l’avez pas demandé, ignorez ce message : personne ne peut ouvrir l’espace sans ce code.\n\n${org}`,
  },
  en: {
    subject: (org: string) => `Your code to open your ${org} page`,
    text: (org: string, code: string) =>
      `Hello,\n\nYour code to open your customer page with ${org} is: ${code}\nIt is valid for ${PORTAL_CODE_MINUTES} minutes.\n\nIf you did not ask for it, ignore this email: nobody can open the page without this code.\n\n${org}`,
  },
  nl: {
    subject: (org: string) => `Uw code om uw pagina bij ${org} te openen`,
    text: (org: string, code: string) =>
      `Goeddag,\n\nUw code om uw klantenpagina bij ${org} te openen is: ${code}\nDeze code is ${PORTAL_CODE_MINUTES} minuten geldig.\n\nHebt u er niet om gevraagd, negeer dan deze e-mail: niemand kan de pagina openen zonder deze code.\n\n${org}`,
  },
  de: {
    subject: (org: string) => `Ihr Code zum Öffnen Ihrer Seite bei ${org}`,
    text: (org: string, code: string) =>
      `Guten Tag,\n\nIhr Code zum Öffnen Ihrer Kundenseite bei ${org} lautet: ${code}\nEr ist ${PORTAL_CODE_MINUTES} Minuten gültig.\n\nFalls Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail: Ohne diesen Code kann niemand die Seite öffnen.\n\n${org}`,
  },
} as const;

export type SendCodeOutcome = { outcome: 'sent' | 'recently_sent'; to: string } | { outcome: 'locked' | 'no_email' };

/**
 * Mails a new 6-digit code to the customer's known email address, through the outbox, and hands
 * it to the channel at once (a person waits for it; a code is no reminder and keeps no business
 * hours). Only the code's hash is kept, for ten minutes. The link's wrong tries are not given
 * back by a new code: five in all, then the link is locked and the sender must make a new one.
 */
export async function sendPortalCode(db: Db, access: PortalAccess, now: Date): Promise<SendCodeOutcome> {
  const state = await portalCodeState(db, access.linkId, now);
  if (state.kind === 'locked') return { outcome: 'locked' };
  const customer = await getCustomer(db, access.organizationId, access.customerId);
  const organization = await getOrganization(db, access.organizationId);
  const recipient = customer ? findRecipient(customer, await listContacts(db, access.organizationId, customer.id), 'email') : null;
  if (!customer || !organization || !recipient?.email) return { outcome: 'no_email' };
  const to = maskedEmail(recipient.email);
  if (state.kind === 'sent' && Date.parse(state.expiresAt) - PORTAL_CODE_MINUTES * MINUTE_MS + RESEND_AFTER_MS > now.getTime()) return { outcome: 'recently_sent', to };

  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const language = messageLanguageOf(customer);
  const words = CODE_EMAIL[language];
  const settings = await getCollectionSettings(db, organization.id);
  const previous = await getPortalLinkCode(db, access.linkId);
  const queued = await inTransaction(db, async (tx) => {
    await setPortalLinkCode(tx, access.linkId, {
      codeHash: codeHash(access.linkId, code),
      expiresAt: new Date(now.getTime() + PORTAL_CODE_MINUTES * MINUTE_MS).toISOString(),
      attemptsLeft: previous?.attemptsLeft ?? PORTAL_CODE_ATTEMPTS,
    });
    return enqueueMessage(tx, organization.id, {
      actionId: `${ACTION_PREFIX}${access.linkId}:${now.getTime()}`,
      customerId: customer.id,
      channel: 'email',
      recipient,
      sender: outboxSenderOf('accounts_team', settings, organization),
      subject: words.subject(organization.name),
      text: words.text(organization.name, code),
      invoiceIds: [],
      notBefore: now.toISOString(),
    });
  });
  // Sent now when the channel answers; otherwise the outbox keeps it and tries again.
  await sendDueMessages(db, { now, workerId: `portal-code-${process.pid}`, organizationId: organization.id, ids: [queued.id], limit: 1 });
  return { outcome: 'sent', to };
}

export type CheckCodeOutcome = { outcome: 'opened'; pass: string; expiresAt: string } | { outcome: 'wrong'; attemptsLeft: number } | { outcome: 'expired' | 'locked' };

/**
 * Checks a code typed on the page. The right one, in time, lets this browser in for twelve
 * hours (the pass, stored hashed) and is used up; a wrong one costs one of the link's tries.
 */
export async function checkPortalCode(db: Db, access: PortalAccess, typed: string, now: Date): Promise<CheckCodeOutcome> {
  const state = await portalCodeState(db, access.linkId, now);
  if (state.kind === 'locked') return { outcome: 'locked' };
  const stored = await getPortalLinkCode(db, access.linkId);
  if (state.kind === 'none' || !stored?.codeHash) return { outcome: 'expired' };
  const given = Buffer.from(codeHash(access.linkId, typed.trim()));
  const expected = Buffer.from(stored.codeHash);
  if (/^\d{6}$/.test(typed.trim()) && given.length === expected.length && timingSafeEqual(given, expected)) {
    const pass = newSecretToken();
    const expiresAt = new Date(now.getTime() + PORTAL_PASS_HOURS * 60 * MINUTE_MS).toISOString();
    await inTransaction(db, async (tx) => {
      await insertPortalLinkPass(tx, { passHash: hashToken(pass), linkId: access.linkId, organizationId: access.organizationId, expiresAt });
      await setPortalLinkCode(tx, access.linkId, { codeHash: null, expiresAt: null, attemptsLeft: stored.attemptsLeft });
    });
    return { outcome: 'opened', pass, expiresAt };
  }
  if (!(await spendPortalCodeAttempt(db, access.linkId))) return { outcome: 'locked' };
  const left = (await getPortalLinkCode(db, access.linkId))?.attemptsLeft ?? 0;
  return left <= 0 ? { outcome: 'locked' } : { outcome: 'wrong', attemptsLeft: left };
}
