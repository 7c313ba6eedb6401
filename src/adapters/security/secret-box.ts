import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../core/app-error.js';

/**
 * Secrets an organization types in (its SMTP password, its SMS provider's token) must be
 * replayed to another server, so they cannot be hashed: they are sealed with AES-256-GCM and
 * opened only in the process that sends. The key comes from RELANCE_SECRETS_KEY, else from a
 * key file made on first use (RELANCE_SECRETS_KEY_FILE, by default data/secrets.key), which
 * must then be backed up with the database and kept apart from it.
 */
const VERSION = 'v1';
const KEY_BYTES = 32;
export const DEFAULT_SECRETS_KEY_FILE = './data/secrets.key';

/** 64 hex digits or 44 base64 characters are used as they are; any other text is hashed to a key. */
export function keyFromText(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const base64 = /^[A-Za-z0-9+/]{43}=$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : null;
  if (base64?.length === KEY_BYTES) return base64;
  return createHash('sha256').update(trimmed, 'utf8').digest();
}

let cached: { source: string; key: Buffer } | null = null;

/** The key of this process: the environment's, else the key file's, made with mode 0600 when missing. */
export function secretsKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.RELANCE_SECRETS_KEY?.trim();
  const source = fromEnv ? `env:${fromEnv}` : `file:${resolve(env.RELANCE_SECRETS_KEY_FILE || DEFAULT_SECRETS_KEY_FILE)}`;
  if (cached?.source === source) return cached.key;
  const key = fromEnv ? keyFromText(fromEnv) : keyFromFile(source.slice('file:'.length));
  cached = { source, key };
  return key;
}

function keyFromFile(path: string): Buffer {
  try {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    }
    return keyFromText(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return keyFromText(readFileSync(path, 'utf8'));
    throw new AppError('configuration', `cannot read or create the secrets key file ${path}: ${(error as Error).message}; set RELANCE_SECRETS_KEY instead`, {}, { cause: error });
  }
}

/** "v1:<iv>:<tag>:<ciphertext>", base64 parts; a fresh IV every time, so equal secrets differ on disk. */
export function sealSecret(plain: string, key: Buffer = secretsKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

export function openSecret(sealed: string, key: Buffer = secretsKey()): string {
  const [version, iv, tag, ciphertext] = sealed.split(':');
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new AppError('configuration', 'a stored secret is not in a format this version reads');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new AppError('configuration', 'a stored secret cannot be opened with this secrets key: RELANCE_SECRETS_KEY or the key file changed since it was saved', {}, { cause: error });
  }
}

/** Forgets the key read so far, for a process (or a test) that changes RELANCE_SECRETS_KEY. */
export function forgetSecretsKey(): void {
  cached = null;
}

