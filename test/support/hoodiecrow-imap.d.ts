declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';

  interface HoodiecrowServer {
    /** The underlying TCP server. */
    server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback: () => void): void;
  }

  interface HoodiecrowMessage {
    raw: string;
    flags?: string[];
    internaldate?: string;
  }

  interface HoodiecrowOptions {
    plugins?: string[];
    storage?: Record<string, { messages: HoodiecrowMessage[]; folders?: Record<string, unknown> }>;
    debug?: boolean;
  }

  /** A scriptable IMAP server for tests; its default user is testuser / testpass. */
  export default function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
}
