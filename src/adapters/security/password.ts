import { randomInt, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// OWASP's argon2id floor (m=19 MiB, t=2, p=1): a tenth of the time scrypt at OWASP's N=2^17
// takes here, with a sixth of its memory. The parameters travel inside each hash (PHC string).
const ARGON2ID = 2 as Algorithm;
export const PASSWORD_HASH_PARAMETERS = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** "$argon2id$v=19$m=19456,t=2,p=1$salt$hash". */
export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(password.normalize('NFC'), { algorithm: ARGON2ID, ...PASSWORD_HASH_PARAMETERS });
}

/** Checks a password against an argon2id hash, or a scrypt one written by earlier versions. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2id$')) return argon2Verify(stored, password.normalize('NFC')).catch(() => false);
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  return false;
}

/** True when a hash was made with weaker parameters than today's, so a sign-in should replace it. */
export function needsRehash(stored: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!match) return true;
  const [memoryCost, timeCost, parallelism] = match.slice(1).map(Number) as [number, number, number];
  const current = PASSWORD_HASH_PARAMETERS;
  return memoryCost < current.memoryCost || timeCost < current.timeCost || parallelism < current.parallelism;
}

// Unambiguous when read aloud or copied from a terminal: no 0/o, 1/l/i.
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A password people can type: four groups of four, about 79 random bits. */
export function newReadablePassword(): string {
  const group = () => Array.from({ length: 4 }, () => READABLE[randomInt(READABLE.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

// Hashes written before argon2id: "scrypt$N$r$p$salt$hash", base64url parts.
const SCRYPT_MAX_N = 2 ** 20;

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split('$');
  const [cost, blockSize, parallelism] = [Number(n), Number(r), Number(p)];
  if (!salt || !hash || !(cost > 1 && cost <= SCRYPT_MAX_N) || !(blockSize > 0 && blockSize <= 32) || !(parallelism > 0 && parallelism <= 16)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: cost,
    r: blockSize,
    p: parallelism,
    // scrypt needs 128·N·r bytes; the default 32 MiB cap would refuse OWASP's N=2^17.
    maxmem: 129 * cost * blockSize * parallelism + 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
