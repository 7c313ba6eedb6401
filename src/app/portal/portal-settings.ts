import { createHash } from 'node:crypto';
import { AppError } from '../../core/app-error.js';
import { paymentLinkTemplateProblem } from '../../core/payments/payment-link.js';
import type { Db } from '../../adapters/db/database.js';
import { getPortalLogo, getPortalSettingsInfo, updatePortalSettings } from '../../adapters/db/stores/portal-settings.js';

/** A logo is shown at the top of a page read on phones: 200 kB is plenty for one. */
export const PORTAL_LOGO_MAX_BYTES = 200 * 1024;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

// What would make an SVG more than a picture: scripts, event handlers, embedded HTML, entities,
// references to anything outside the file. The page shows the logo through <img> (which runs
// nothing) and serves it with a sandboxing policy, but a logo that needs none of these is kept
// only when it holds none.
const SVG_REFUSED = [/<script/i, /<foreignObject/i, /<!ENTITY/i, /javascript:/i, /\son[a-z]+\s*=/i, /(?:xlink:)?href\s*=\s*["']\s*(?!#|data:image\/(?:png|jpeg);)/i, /url\(\s*["']?\s*(?!#|data:image\/(?:png|jpeg);)/i, /@import/i];

/** The image type the bytes are, whatever the sender said: PNG, JPEG or a plain SVG picture. */
export function logoTypeOf(bytes: Buffer): 'image/png' | 'image/jpeg' | 'image/svg+xml' | null {
  if (bytes.subarray(0, PNG.length).equals(PNG)) return 'image/png';
  if (bytes.subarray(0, JPEG.length).equals(JPEG)) return 'image/jpeg';
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text) && !SVG_REFUSED.some((pattern) => pattern.test(text))) return 'image/svg+xml';
  return null;
}

export interface PortalSettingsJson {
  payment_link_template: string | null;
  logo: { content_type: string; size_bytes: number; updated_at: string; data_url: string } | null;
}

/** The settings of the debtor's page as the settings page shows them, the logo as a data URL. */
export async function getPortalSettings(db: Db, organizationId: string): Promise<PortalSettingsJson> {
  const [info, logo] = await Promise.all([getPortalSettingsInfo(db, organizationId), getPortalLogo(db, organizationId)]);
  return {
    payment_link_template: info.paymentLinkTemplate,
    logo: info.logo && logo ? { content_type: info.logo.contentType, size_bytes: info.logo.sizeBytes, updated_at: info.logo.updatedAt, data_url: `data:${logo.contentType};base64,${logo.base64}` } : null,
  };
}

/** Keeps the organization's logo for the debtor's page: a PNG, a JPEG or an SVG picture of at most 200 kB. */
export async function savePortalLogo(db: Db, organizationId: string, bytes: Buffer): Promise<PortalSettingsJson> {
  if (bytes.length === 0) throw new AppError('validation_failed', 'send the logo as the request body (PNG, JPEG or SVG)', { field: 'body' }, { localized: { en: 'Choose an image file.', fr: 'Choisissez un fichier image.' } });
  if (bytes.length > PORTAL_LOGO_MAX_BYTES) {
    throw new AppError('validation_failed', `the logo is ${Math.ceil(bytes.length / 1024)} kB; at most 200 kB`, { field: 'body' }, {
      localized: { en: 'The logo is larger than 200 kB: choose a smaller image.', fr: 'Le logo dépasse 200 ko : choisissez une image plus légère.' },
    });
  }
  const contentType = logoTypeOf(bytes);
  if (!contentType) {
    throw new AppError('validation_failed', 'the logo must be a PNG, a JPEG or an SVG picture without scripts or links to other files', { field: 'body' }, {
      localized: { en: 'The logo must be a PNG, JPEG or plain SVG image.', fr: 'Le logo doit être une image PNG, JPEG ou SVG simple.' },
    });
  }
  await updatePortalSettings(db, organizationId, {
    logo_content_type: contentType,
    logo_base64: bytes.toString('base64'),
    logo_size_bytes: bytes.length,
    logo_sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  return getPortalSettings(db, organizationId);
}

export async function removePortalLogo(db: Db, organizationId: string): Promise<PortalSettingsJson> {
  await updatePortalSettings(db, organizationId, { logo_content_type: null, logo_base64: null, logo_size_bytes: null, logo_sha256: null });
  return getPortalSettings(db, organizationId);
}

/** Sets (or, with null or '', removes) the address of the hosted payment page the debtor's page links to. */
export async function setPaymentLinkTemplate(db: Db, organizationId: string, template: string | null): Promise<PortalSettingsJson> {
  const value = template?.trim() || null;
  const problem = value ? paymentLinkTemplateProblem(value) : null;
  if (problem) {
    throw new AppError('validation_failed', problem, { field: 'payment_link_template' }, {
      localized: {
        en: 'Type an https address; it may hold {reference}, {amount} and {currency}.',
        fr: 'Saisissez une adresse https ; elle peut contenir {reference}, {amount} et {currency}.',
      },
    });
  }
  await updatePortalSettings(db, organizationId, { payment_link_template: value });
  return getPortalSettings(db, organizationId);
}
