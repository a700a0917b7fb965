import { createHash } from 'node:crypto';

/** Sorts object keys recursively so a record hashes the same after a JSONB round trip. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export interface HashedFields {
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  type: string;
  success: boolean;
  target: string | null;
  caseNo: string | null;
  ip: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** hash = SHA-256(previous hash ‖ canonical record): changing or removing any record breaks the chain. */
export function chainHash(prevHash: string, f: HashedFields): string {
  const payload = JSON.stringify([
    prevHash,
    f.at.toISOString(),
    f.actorId,
    f.actorUsername,
    f.type,
    f.success,
    f.target,
    f.caseNo,
    f.ip,
    f.requestId,
    canonical(f.detail),
  ]);
  return createHash('sha256').update(payload).digest('hex');
}
