const nullableText = { type: ['string', 'null'] } as const;

/** What a statement import adds to its report (`kind: statement` only): the credits found and the entries left out. */
export const statementReportProperties = {
  files: { type: 'array', items: { type: 'string' }, description: 'Statement imports only: the files read (a ZIP counts as one).' },
  statements: { type: 'integer', description: 'Statement imports only: statements, reports and notifications read.' },
  payments: {
    type: 'array',
    description: 'Statement imports only: each booked credit new to Relance, one per transaction detail, in file order.',
    items: {
      type: 'object',
      required: ['file', 'account_iban', 'amount', 'currency', 'booking_date', 'value_date', 'payer_name', 'payer_iban', 'reference', 'remittance', 'status', 'invoices'],
      properties: {
        file: { type: 'string' },
        account_iban: { type: 'string' },
        amount: { type: 'string', description: 'Decimal string: "1250.00".' },
        currency: { type: 'string' },
        booking_date: { type: 'string', format: 'date' },
        value_date: nullableText,
        payer_name: nullableText,
        payer_iban: nullableText,
        reference: { type: ['string', 'null'], description: 'The structured creditor reference, else the end-to-end id (never "NOTPROVIDED").' },
        remittance: { type: ['string', 'null'], description: 'The free text the payer wrote.' },
        status: { type: 'string', enum: ['matched', 'suggested', 'unmatched'] },
        invoices: { type: 'array', items: { type: 'string' }, description: 'Numbers of the invoices it was applied to.' },
      },
    },
  },
  excluded: {
    type: 'array',
    description: 'Statement imports only: entries left out, each with its reason.',
    items: {
      type: 'object',
      required: ['reason', 'file', 'path', 'account_iban', 'amount', 'currency', 'booking_date', 'value_date', 'payer_name', 'reference', 'remittance'],
      properties: {
        reason: { type: 'string', enum: ['debit', 'reversal', 'return', 'pending', 'duplicate'] },
        file: { type: 'string' },
        path: { type: 'string', description: 'Where in the file: "Document/BkToCstmrStmt/Stmt[1]/Ntry[2]".' },
        account_iban: { type: 'string' },
        amount: { type: 'string' },
        currency: { type: 'string' },
        booking_date: nullableText,
        value_date: nullableText,
        payer_name: nullableText,
        reference: nullableText,
        remittance: nullableText,
        note: { type: 'string', description: 'For a reversal: the credit it took back, or that none was found.' },
      },
    },
  },
} as const;
