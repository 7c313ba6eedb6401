// The cost of one password hash: scrypt as earlier versions used it (N=2^15), scrypt at OWASP's
// floor (N=2^17), and the argon2id Relance uses (OWASP's m=19 MiB, t=2, p=1); then the six
// demo users hashed at once, as a demo load does.
//   npx tsx bench/password-hashing.ts [rounds]
import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { hashPassword, newReadablePassword } from '../src/adapters/security/password.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const rounds = Number(process.argv[2] ?? 10);

async function median(label: string, hash: () => Promise<unknown>): Promise<void> {
  await hash();
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const started = performance.now();
    await hash();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${label.padEnd(44)} median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms  (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})\n`);
}

const scryptWith = (n: number) => () => scryptAsync('a password', randomBytes(16), 32, { N: n, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
await median('scrypt N=2^15 r=8 p=1 (earlier versions)', scryptWith(2 ** 15));
await median('scrypt N=2^17 r=8 p=1 (OWASP)', scryptWith(2 ** 17));
await median('argon2id m=19 MiB t=2 p=1 (OWASP, used)', () => hashPassword('a password'));
await median('six demo users, argon2id, in parallel', () => Promise.all(Array.from({ length: 6 }, () => hashPassword(newReadablePassword()))));
