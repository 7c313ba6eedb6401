export const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 320 },
    password: { type: 'string', minLength: 1, maxLength: 1000 },
  },
} as const;

const userSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'locale'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'collector', 'sales', 'viewer'] },
    locale: { type: 'string' },
  },
} as const;

export const meResponse = {
  type: 'object',
  required: ['user', 'organization'],
  properties: {
    user: { anyOf: [userSchema, { type: 'null' }], description: 'Null when the caller is an API key.' },
    api_key: {
      anyOf: [
        { type: 'object', required: ['id', 'name', 'role'], properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } },
        { type: 'null' },
      ],
    },
    organization: {
      type: 'object',
      required: ['id', 'name', 'country', 'currency', 'time_zone', 'locale', 'kind'],
      properties: {
        id: { type: 'string' },
        kind: { type: 'string', enum: ['creditor', 'agency'] },
        name: { type: 'string' },
        country: { type: 'string' },
        currency: { type: 'string' },
        time_zone: { type: 'string' },
        locale: { type: 'string' },
      },
    },
  },
} as const;

export const loginResponse = meResponse;

/** Who is signed in, or `signed_in: false`: a page can ask before sign-in without an error. */
export const sessionResponse = {
  anyOf: [
    { type: 'object', required: ['signed_in'], additionalProperties: false, properties: { signed_in: { const: false } } },
    { type: 'object', required: ['signed_in', ...meResponse.required], properties: { signed_in: { const: true }, ...meResponse.properties } },
  ],
} as const;
