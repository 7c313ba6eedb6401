import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { NothingDueWhy } from '../../core/collection/plan-step.js';
import type { Bilingual, Channel } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { outgoingMessage } from '../outbox/outgoing-message.js';
import { findRecipient } from './find-recipient.js';
import { organizationTemplateRenderer } from './message-templates.js';
import { loadPlanningContext, planCustomers } from './plan-customer-collection.js';
import { recordStepDecision } from './record-step-decision.js';
import { firstSendingInstant } from './sending-window.js';
import { withInlineImages } from '../payment-qr.js';

export interface PreviewedMessage {
  step_id: string;
  channel: Channel;
  /** Who receives it; null when no contact has the address the channel needs (the step would fail). */
  recipient: { name?: string; email?: string; phone?: string; postalAddress?: string } | null;
  sender: { name: string; email?: string; replyTo?: string } | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string; content_type: string; size_bytes: number }[];
  /** The first instant it may leave; null for a step waiting for approval or a task for a person. */
  not_before: string | null;
  needs_approval: boolean;
}

export type NextStepPreview =
  | { status: 'nothing_to_remind'; as_of: PlainDate; why: NothingDueWhy; next_on: PlainDate | null; reason: Bilingual }
  | { status: 'owner_first'; as_of: PlainDate; reason: Bilingual }
  | { status: 'ready'; as_of: PlainDate; reason: Bilingual; messages: PreviewedMessage[] };

/** Carries the preview out of the transaction it rolls back. */
class RollBack extends Error {
  constructor(readonly preview: NextStepPreview) {
    super('preview rolled back');
  }
}

/**
 * The next step's messages exactly as they would go: the run's own writing path
 * (`recordStepDecision`, the outbox row, then what the channel receives from it, attachments
 * included) inside a transaction that is rolled back, so the preview cannot drift from what is
 * sent and leaves nothing behind. When nothing is due, says why instead.
 */
export async function previewNextStep(db: Db, organization: OrganizationRow, customer: CustomerRow, options: { now: Date; portalBase?: string | undefined }): Promise<NextStepPreview> {
  const { now } = options;
  const asOf = todayIn(organization.time_zone, now);
  const settings = await getCollectionSettings(db, organization.id);
  const renderer = await organizationTemplateRenderer(db, organization.id);
  const planning = await loadPlanningContext(db, organization, settings);
  const notBefore = firstSendingInstant(organization, settings, asOf, now);
  try {
    await inTransaction(db, async (tx) => {
      const [plan] = await planCustomers(tx, planning, [customer], asOf);
      const { decision } = plan!;
      if (decision.kind === 'none') throw new RollBack({ status: 'nothing_to_remind', as_of: asOf, why: decision.why, next_on: decision.nextOn, reason: decision.reason });
      if (decision.kind === 'notify_owner') throw new RollBack({ status: 'owner_first', as_of: asOf, reason: decision.reason });
      const result = await recordStepDecision(tx, plan!, { organization, settings, renderer, notBefore, write: true, portalLinks: { base: options.portalBase, example: true } });
      const messages: PreviewedMessage[] = [];
      for (const action of result.actions) {
        const row = await tx.kysely
          .selectFrom('outbox_messages as m')
          .innerJoin('collection_actions as a', 'a.id', 'm.action_id')
          .selectAll('m')
          .where('m.organization_id', '=', organization.id)
          .where('a.customer_id', '=', customer.id)
          .where('a.step_id', '=', action.step_id)
          .where('a.planned_on', '=', asOf)
          .executeTakeFirst();
        if (row) {
          const outgoing = await outgoingMessage(tx, row, new Date(row.not_before));
          messages.push({
            step_id: action.step_id,
            channel: action.channel,
            recipient: outgoing.recipient,
            sender: { name: outgoing.sender.name, ...(outgoing.sender.email ? { email: outgoing.sender.email } : {}), ...(outgoing.sender.replyTo ? { replyTo: outgoing.sender.replyTo } : {}) },
            subject: outgoing.subject,
            text: outgoing.text,
            html: outgoing.html ? withInlineImages(outgoing.html, outgoing.attachments) : null,
            attachments: outgoing.attachments.map((file) => ({ filename: file.filename, content_type: file.contentType, size_bytes: Math.floor((file.contentBase64.length * 3) / 4) })),
            not_before: row.not_before,
            needs_approval: false,
          });
        } else {
          // Waiting for approval, a task for a person, or no address: nothing reaches the outbox yet.
          messages.push({
            step_id: action.step_id,
            channel: action.channel,
            recipient: findRecipient(plan!.customer, plan!.contacts, action.channel),
            sender: null,
            subject: action.message?.subject ?? null,
            text: action.message?.text ?? null,
            html: null,
            attachments: [],
            not_before: null,
            needs_approval: action.status === 'awaiting_approval',
          });
        }
      }
      throw new RollBack({ status: 'ready', as_of: asOf, reason: decision.reason, messages });
    });
  } catch (error) {
    if (error instanceof RollBack) return error.preview;
    throw error;
  }
  throw new Error('the preview transaction ended without a result');
}
