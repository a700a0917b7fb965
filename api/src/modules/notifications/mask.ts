import { maskPhone } from '../../privacy.js';

/** zhangsan@example.com → z***@example.com: enough to tell addresses apart in a log, no more. */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return email ?? null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export const maskAddress = (channel: 'email' | 'sms', address: string | null) =>
  channel === 'email' ? maskEmail(address) : maskPhone(address);
