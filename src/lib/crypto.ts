import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** A key for one purpose, derived from the server secret, so purposes never share keys. */
const keyFor = (secret: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `latchkey:${purpose}`, 32));

/** AES-256-GCM: iv (12) ‖ tag (16) ‖ ciphertext. Tampering makes decryption throw. */
export function encrypt(secret: Buffer, purpose: string, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decrypt(secret: Buffer, purpose: string, box: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), box.subarray(0, 12));
  decipher.setAuthTag(box.subarray(12, 28));
  return Buffer.concat([decipher.update(box.subarray(28)), decipher.final()]).toString('utf8');
}
