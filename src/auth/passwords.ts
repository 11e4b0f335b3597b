// Passwords, stored as scrypt hashes (node:crypto, no native module to build): a memory-hard hash
// makes each guess against a stolen database cost memory as well as time. The parameters are
// stored with each hash, so that raising them later leaves older hashes readable.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 10;

// N = 2^15, r = 8: about 32 MiB and some tens of milliseconds per hash, a cost a sign-in bears
// and a guessing attacker pays on every try.
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above 128·N·r·p, which Node's 32 MiB default only just misses.
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r * params.p }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Throws PASSWORD_TOO_SHORT for a password shorter than MIN_PASSWORD_LENGTH characters. */
export function checkPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new AppError('PASSWORD_TOO_SHORT', { min: MIN_PASSWORD_LENGTH }, { field: 'password' });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordStrength(password);
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Number.isInteger(params.N) || !Number.isInteger(params.r) || !Number.isInteger(params.p)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), params);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of no one's password: checking a password against it when there is no such account makes
 * a sign-in take as long as with a real account, so that timing does not tell which addresses exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
