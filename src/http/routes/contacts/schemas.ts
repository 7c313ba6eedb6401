import { TEXT_LIMITS } from '../../../core/field-limits.js';
import { idParams, nullableOneLineText } from '../../schemas.js';

export const contactSchema = {
  type: 'object',
  required: ['id', 'customer_id', 'name', 'email', 'phone', 'address', 'role', 'created_at'],
  properties: {
    id: { type: 'string' },
    customer_id: { type: 'string' },
    name: { type: ['string', 'null'] },
    email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    address: { type: ['string', 'null'] },
    role: { type: 'string', description: 'accounts_payable, owner, management, other…' },
    created_at: { type: 'string' },
  },
} as const;

const contactProperties = {
  name: nullableOneLineText(TEXT_LIMITS.contactName),
  email: { anyOf: [{ type: 'string', format: 'email', maxLength: TEXT_LIMITS.email }, { type: 'null' }] },
  phone: nullableOneLineText(TEXT_LIMITS.phone),
  address: { type: ['string', 'null'], maxLength: TEXT_LIMITS.address },
  role: { type: 'string', minLength: 1, maxLength: 50 },
} as const;

export const createContactBody = { type: 'object', additionalProperties: false, properties: contactProperties } as const;
export const updateContactBody = { type: 'object', additionalProperties: false, minProperties: 1, properties: contactProperties } as const;
export { idParams };
