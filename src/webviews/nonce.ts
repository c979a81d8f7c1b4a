import { randomBytes } from 'node:crypto';

/** A fresh nonce for each page load: 128 random bits, base64 (valid in a CSP source expression). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}
