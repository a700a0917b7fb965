import nodemailer from 'nodemailer';
import type { AppConfig } from '../../config.js';
import type { Db } from '../../db/knex.js';
import type { Logger } from '../../logger.js';
import { maskAddress } from './mask.js';
import { createNotificationsRepository, type ClaimedNotification } from './notifications.repository.js';

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 60 * 60_000;
/** Longer than the slowest send (the timeouts below), so a row being sent is never taken twice. */
const LEASE_MS = 5 * 60_000;
const SEND_TIMEOUT_MS = 30_000;
const BATCH_SIZE = 50;

/** Delay before the next attempt after `attempt` failed attempts: 5 s, 10 s, 20 s … at most 1 h. */
export function backoffDelayMs(attempt: number, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface DispatchResult {
  sent: number;
  failed: number;
  retried: number;
}

/** `retry: false` for problems another attempt cannot fix (no address, channel switched off). */
type Delivery = { ok: true } | { ok: false; retry: boolean; error: string };

/**
 * Sends the e-mail and SMS rows of the notification outbox. Rounds may run on several API
 * replicas at once: rows are claimed with a lease (see claimDue), sent outside any transaction,
 * then marked sent, rescheduled with exponential back-off, or failed after `maxAttempts`.
 */
export function createNotificationDispatcher(deps: { db: Db; config: AppConfig['notifications']; log: Logger }) {
  const { db, config, log } = deps;
  const repo = createNotificationsRepository();
  const mailer = config.smtpUrl
    ? nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: SEND_TIMEOUT_MS,
        greetingTimeout: SEND_TIMEOUT_MS,
        socketTimeout: SEND_TIMEOUT_MS,
      })
    : null;

  /** Keeps addresses out of stored and logged error texts (a rejected recipient is often quoted). */
  function scrub(message: string, n: ClaimedNotification): string {
    const text = n.address ? message.split(n.address).join(maskAddress(n.channel, n.address) ?? '') : message;
    return text.slice(0, 500);
  }

  async function deliver(n: ClaimedNotification): Promise<Delivery> {
    if (!n.address)
      return {
        ok: false,
        retry: false,
        error: `recipient has no ${n.channel === 'email' ? 'e-mail address' : 'phone number'}`,
      };
    try {
      if (n.channel === 'email') {
        if (!mailer) return { ok: false, retry: false, error: 'e-mail is not configured' };
        await mailer.sendMail({
          from: config.smtpFrom,
          to: n.address,
          subject: n.title,
          text: n.body,
          headers: { 'X-Tongban-Notification': n.id },
        });
        return { ok: true };
      }
      if (!config.smsGatewayUrl) return { ok: false, retry: false, error: 'SMS is not configured' };
      const res = await fetch(config.smsGatewayUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(config.smsGatewayToken ? { Authorization: `Bearer ${config.smsGatewayToken}` } : {}),
        },
        body: JSON.stringify({ phone: n.address, text: `${n.title}：${n.body}` }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await res.body?.cancel();
      return res.ok ? { ok: true } : { ok: false, retry: true, error: `SMS gateway answered HTTP ${res.status}` };
    } catch (err) {
      // fetch reports "fetch failed" and keeps the reason (refused, timed out …) in `cause`.
      const e = err as Error & { cause?: { message?: string } };
      const error = [e.message || String(err), e.cause?.message].filter(Boolean).join(': ');
      return { ok: false, retry: true, error };
    }
  }

  async function handle(n: ClaimedNotification, result: DispatchResult): Promise<void> {
    const outcome = await deliver(n);
    const ctx = {
      notificationId: n.id,
      channel: n.channel,
      to: maskAddress(n.channel, n.address),
      attempts: n.attempts,
    };
    if (outcome.ok) {
      await repo.markSent(db, n.id);
      result.sent++;
      log.info(ctx, 'notification sent');
      return;
    }
    const error = scrub(outcome.error, n);
    if (!outcome.retry || n.attempts >= config.maxAttempts) {
      await repo.markFailed(db, n.id, error);
      result.failed++;
      log.warn({ ...ctx, error }, 'notification failed for good');
      return;
    }
    const delayMs = backoffDelayMs(n.attempts);
    await repo.scheduleRetry(db, n.id, delayMs, error);
    result.retried++;
    log.info({ ...ctx, error, retryInMs: delayMs }, 'notification delivery failed; will retry');
  }

  /** One round: claims a batch of due rows and tries each once. */
  async function runOnce(): Promise<DispatchResult & { claimed: number }> {
    const claimed = await repo.claimDue(db, { limit: BATCH_SIZE, leaseMs: LEASE_MS });
    const result: DispatchResult = { sent: 0, failed: 0, retried: 0 };
    const settled = await Promise.allSettled(claimed.map((n) => handle(n, result)));
    // A row whose outcome could not be written is retried once its lease runs out.
    for (const s of settled)
      if (s.status === 'rejected') log.error({ err: s.reason }, 'notification outcome not saved');
    return { ...result, claimed: claimed.length };
  }

  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let running = false;

  function schedule(delayMs: number) {
    timer = setTimeout(tick, delayMs);
    // The server keeps the process alive, not the outbox timer.
    timer.unref();
  }

  function tick() {
    let fullBatch = false;
    current = runOnce()
      .then((r) => {
        fullBatch = r.claimed === BATCH_SIZE;
      })
      .catch((err: unknown) => log.error({ err }, 'notification round failed'))
      .finally(() => {
        current = undefined;
        // A full batch means more are probably due: go on at once instead of waiting.
        if (running) schedule(fullBatch ? 0 : config.intervalMs);
      });
  }

  return {
    runOnce: async (): Promise<DispatchResult> => {
      const { sent, failed, retried } = await runOnce();
      return { sent, failed, retried };
    },

    start(): void {
      if (running) return;
      running = true;
      schedule(0);
    },

    /** Stops the timer and waits for the round in progress. */
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

export type NotificationDispatcher = ReturnType<typeof createNotificationDispatcher>;
