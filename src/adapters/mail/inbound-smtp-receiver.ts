import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface InboundSmtpOptions {
  port: number;
  host: string;
  /** Messages larger than this are refused (advertised with SIZE, checked again on DATA). */
  maxBytes: number;
  /** Whether mail for this address (lower case) is taken: an organization's inbound address. */
  acceptsRecipient(address: string): Promise<boolean>;
  /** Keeps one received message; a throw answers 451 so the sending server tries again later. */
  onMessage(raw: Buffer, envelope: { from: string; to: string[] }): Promise<void>;
  log?: (line: string) => void;
}

export interface InboundSmtpReceiver {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP receiver, for a Relance that receives its own mail (an MX record or a relay
 * pointing at it). It accepts mail only for the organizations' inbound addresses, refuses what
 * is too big, and answers 250 only once the message is kept.
 */
export async function startInboundSmtpReceiver(options: InboundSmtpOptions): Promise<InboundSmtpReceiver> {
  const server = new SMTPServer({
    name: 'relance',
    banner: 'Relance inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error | null) => void) {
      options.acceptsRecipient(address.address.toLowerCase()).then(
        (accepted) => callback(accepted ? null : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`)),
        () => callback(smtpError(451, '4.3.0 temporary failure, try again later')),
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 message larger than ${options.maxBytes} bytes`));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
        options.onMessage(Buffer.concat(chunks), { from, to }).then(
          () => callback(null),
          (error: unknown) => {
            options.log?.(`inbound mail from <${from}> not kept: ${error instanceof Error ? error.message : String(error)}`);
            callback(smtpError(451, '4.3.0 temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error) => options.log?.(`inbound SMTP: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    const listening = server.listen(options.port, options.host, () => resolve());
    listening.once('error', reject);
  });
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
