import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { epcQrLines, epcQrPayload } from './epc-qr-payload.js';
import {
  defaultPaymentReferenceScheme,
  displayPaymentReference,
  findPaymentReferences,
  isValidCreditorReference,
  isValidStructuredCommunication,
  makeCreditorReference,
  makeStructuredCommunication,
  paymentReferenceFor,
  readPaymentReference,
} from './payment-reference.js';

// Published test vectors, each with its source (copied from the product's law folder).
const vectors = JSON.parse(readFileSync(join(import.meta.dirname, 'payment-reference-vectors.json'), 'utf8')) as {
  ogm_vcs: { base10: string; digits12: string; display: string }[];
  iso11649_rf: { input: string; rf: string }[];
  iso11649_checks: { rf: string; valid: boolean }[];
  epc_qr_payloads: { name: string; lines: string[] }[];
};

describe('Belgian structured communication', () => {
  for (const vector of vectors.ogm_vcs) {
    it(`makes, prints and reads back ${vector.display}`, () => {
      expect(makeStructuredCommunication(vector.base10)).toBe(vector.digits12);
      expect(isValidStructuredCommunication(vector.digits12)).toBe(true);
      expect(displayPaymentReference(vector.digits12)).toBe(vector.display);
      expect(readPaymentReference(vector.display)).toEqual({ scheme: 'structured_communication', reference: vector.digits12 });
      expect(readPaymentReference(vector.display.replaceAll('+', '*'))?.reference).toBe(vector.digits12);
      expect(readPaymentReference(` ${vector.digits12.slice(0, 3)} ${vector.digits12.slice(3, 7)} ${vector.digits12.slice(7)} `)?.reference).toBe(vector.digits12);
    });
  }

  it('refuses a communication with one digit mistyped, so it never pays someone else’s invoice', () => {
    expect(isValidStructuredCommunication('010806817184')).toBe(false);
    expect(readPaymentReference('+++010/8068/17184+++')).toBeNull();
    expect(readPaymentReference('+++010/8068/1718+++')).toBeNull();
  });
});

describe('ISO 11649 creditor reference', () => {
  for (const vector of vectors.iso11649_rf) {
    it(`makes ${vector.rf} from "${vector.input}" and reads it back printed or typed`, () => {
      expect(makeCreditorReference(vector.input)).toBe(vector.rf);
      expect(isValidCreditorReference(vector.rf)).toBe(true);
      expect(readPaymentReference(displayPaymentReference(vector.rf))).toEqual({ scheme: 'creditor_reference', reference: vector.rf });
      expect(readPaymentReference(vector.rf.toLowerCase())?.reference).toBe(vector.rf);
    });
  }
  for (const vector of vectors.iso11649_checks) {
    it(`${vector.valid ? 'accepts' : 'refuses'} ${vector.rf}`, () => {
      expect(isValidCreditorReference(vector.rf)).toBe(vector.valid);
      expect(readPaymentReference(vector.rf) !== null).toBe(vector.valid);
    });
  }
  it('prints the reference in groups of four', () => {
    expect(displayPaymentReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
  });
});

describe('invoice payment references', () => {
  it('uses the structured communication in Belgium and the RF reference elsewhere', () => {
    expect(defaultPaymentReferenceScheme('BE')).toBe('structured_communication');
    expect(defaultPaymentReferenceScheme('FR')).toBe('creditor_reference');
  });

  it('gives each serial a reference whose check holds, in either scheme, never twice', () => {
    const seen = new Set<string>();
    for (const serial of [1, 2, 96, 97, 98, 194, 12345, 9_999_999_999]) {
      const ogm = paymentReferenceFor('structured_communication', serial);
      const rf = paymentReferenceFor('creditor_reference', serial);
      expect(isValidStructuredCommunication(ogm)).toBe(true);
      expect(isValidCreditorReference(rf)).toBe(true);
      for (const reference of [ogm, rf]) {
        expect(seen.has(reference)).toBe(false);
        seen.add(reference);
      }
    }
    expect(paymentReferenceFor('structured_communication', 97)).toBe('000000009797');
    expect(() => paymentReferenceFor('creditor_reference', 0)).toThrow(RangeError);
  });

  it('finds the references a remittance text holds, whatever the way they are written', () => {
    expect(findPaymentReferences('Facture 2026-14 +++010/8068/17183+++ merci')).toEqual(['010806817183']);
    expect(findPaymentReferences('INV 12 rf18 5390 0754 7034 THANKS')).toEqual(['RF18539007547034']);
    expect(findPaymentReferences('312/4013/98067 and RF720HYA6')).toEqual(['312401398067', 'RF720HYA6']);
    expect(findPaymentReferences('invoice 123456789012')).toEqual([]);
  });
});

describe('EPC QR code text', () => {
  const [redCross, wikimedia, noBic] = vectors.epc_qr_payloads;

  it('writes the published samples line for line', () => {
    expect(epcQrLines({ version: '001', bic: 'BPOTBEB1', name: 'Red Cross of Belgium', iban: 'BE72000000001616', amountMinor: 100, purpose: 'CHAR', text: 'Urgency fund', information: 'Sample EPC QR code' })).toEqual(
      redCross!.lines,
    );
    const trimmed = (lines: string[]) => lines.slice(0, lines.findLastIndex((line) => line !== '') + 1);
    expect(epcQrLines({ characterSet: 2, bic: 'BFSWDE33BER', name: 'Wikimedia Foerdergesellschaft', iban: 'DE33100205000001194700', amountMinor: 12345, purpose: 'CHAR', reference: 'RF18539007547034' })).toEqual(
      trimmed(wikimedia!.lines),
    );
    expect(epcQrLines({ name: 'Max Mustermann', iban: 'DE89 3704 0044 0532 0130 00', amountMinor: 9999, text: 'Invoice 2026-001' })).toEqual(trimmed(noBic!.lines));
  });

  it('puts a structured reference in the reference line and leaves the free text out', () => {
    expect(epcQrPayload({ bic: 'GEBABEBB', name: 'Atelier Durand', iban: 'BE68539007547034', amountMinor: 123456, reference: '010806817183', text: 'ignored' })).toBe(
      ['BCD', '002', '1', 'SCT', 'GEBABEBB', 'Atelier Durand', 'BE68539007547034', 'EUR1234.56', '', '010806817183'].join('\n'),
    );
  });

  it('describes no transfer without an IBAN or with an amount the scheme cannot carry', () => {
    expect(epcQrPayload({ name: 'X', iban: '', amountMinor: 100 })).toBeNull();
    expect(epcQrPayload({ name: 'X', iban: 'BE68539007547034', amountMinor: 0 })).toBeNull();
    expect(epcQrPayload({ name: 'X', iban: 'BE68539007547034', amountMinor: 100_000_000_000 })).toBeNull();
  });
});
