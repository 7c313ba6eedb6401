import QRCode from 'qrcode';

/**
 * The EPC QR code as a PNG: error correction level M, as EPC069-12 requires, a quiet zone of
 * four modules, and large enough (about 3 cm printed, 240 px on screen) for a phone to read.
 */
export async function renderPaymentQrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 240 });
}
