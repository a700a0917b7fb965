import type { Db, Tx } from '../../db/knex.js';
import { GENESIS_HASH, chainHash, type HashedFields } from './audit.hash.js';

/** Any constant distinct from other advisory locks: serialises appends so the chain stays linear. */
const AUDIT_CHAIN_LOCK = 7262001;

export interface AuditEntryDto extends HashedFields {
  id: string;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  caseNo?: string;
  type?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

type Row = {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_username: string | null;
  type: string;
  success: boolean;
  target: string | null;
  case_no: string | null;
  ip: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

const toDto = (r: Row): AuditEntryDto => ({
  id: String(r.id),
  at: new Date(r.at),
  actorId: r.actor_id,
  actorUsername: r.actor_username,
  type: r.type,
  success: r.success,
  target: r.target,
  caseNo: r.case_no,
  ip: r.ip,
  requestId: r.request_id,
  detail: r.detail ?? {},
  prevHash: r.prev_hash,
  hash: r.hash,
});

export function createAuditRepository(db: Db) {
  async function appendIn(trx: Tx, fields: HashedFields): Promise<void> {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK]);
    const last = await trx('audit_log').select('hash').orderBy('id', 'desc').first();
    const prevHash: string = last?.hash ?? GENESIS_HASH;
    // Millisecond precision so the stored time hashes the same when read back.
    const at = new Date(Math.floor(fields.at.getTime()));
    const hash = chainHash(prevHash, { ...fields, at });
    await trx('audit_log').insert({
      at,
      actor_id: fields.actorId,
      actor_username: fields.actorUsername,
      type: fields.type,
      success: fields.success,
      target: fields.target,
      case_no: fields.caseNo,
      ip: fields.ip,
      request_id: fields.requestId,
      detail: JSON.stringify(fields.detail),
      prev_hash: prevHash,
      hash,
    });
  }

  return {
    /** Appends inside the caller's transaction, or in its own one. */
    async append(fields: HashedFields, trx?: Tx): Promise<void> {
      if (trx) return appendIn(trx, fields);
      await db.transaction((t) => appendIn(t, fields));
    },

    async list(f: AuditFilter): Promise<{ items: AuditEntryDto[]; total: number }> {
      const q = db('audit_log');
      if (f.actor) q.where('actor_username', f.actor);
      if (f.caseNo) q.where('case_no', f.caseNo);
      if (f.type) q.where('type', f.type);
      if (f.from) q.where('at', '>=', f.from);
      if (f.to) q.where('at', '<', f.to);
      const [{ count }] = (await q.clone().count({ count: '*' })) as [{ count: string | number }];
      const rows = (await q
        .select('*')
        .orderBy('id', 'desc')
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize)) as Row[];
      return { items: rows.map(toDto), total: Number(count) };
    },

    /** Every record about one case, oldest first. */
    async forCase(caseNo: string): Promise<AuditEntryDto[]> {
      return ((await db('audit_log').where({ case_no: caseNo }).orderBy('id')) as Row[]).map(toDto);
    },

    /** Recomputes the whole chain in id order, in batches. */
    async verify(): Promise<{ ok: boolean; checked: number; firstBrokenId?: string }> {
      let prevHash = GENESIS_HASH;
      let lastId = 0n;
      let checked = 0;
      for (;;) {
        const rows = (await db('audit_log').where('id', '>', lastId.toString()).orderBy('id').limit(2000)) as Row[];
        if (rows.length === 0) return { ok: true, checked };
        for (const r of rows) {
          const dto = toDto(r);
          if (dto.prevHash !== prevHash || chainHash(prevHash, dto) !== dto.hash) {
            return { ok: false, checked, firstBrokenId: dto.id };
          }
          prevHash = dto.hash;
          lastId = BigInt(dto.id);
          checked++;
        }
      }
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
