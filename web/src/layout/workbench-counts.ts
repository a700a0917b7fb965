import { useEffect, useState } from 'react';
import { getWorkbenchCounts, type WorkbenchCounts } from '../features/tasks/tasks.api';

/** How often the counts are asked for while the console is open. */
const POLL_MS = 60_000;

/** Roles the counts endpoint answers; others never ask. */
export const COUNT_ROLES: readonly string[] = ['clerk', 'approver', 'lead', 'auditor', 'auditadmin'];

type Listener = (counts: WorkbenchCounts) => void;

/**
 * One store for the whole page: the menu and the tabs share one request and one timer. It asks when
 * the first hook mounts, every minute while any is mounted, when the browser tab becomes visible
 * again, and on `refreshCounts()`.
 */
const store = {
  listeners: new Set<Listener>(),
  last: null as WorkbenchCounts | null,
  controller: null as AbortController | null,
  timer: 0,

  load(): void {
    store.controller?.abort();
    const controller = new AbortController();
    store.controller = controller;
    getWorkbenchCounts(controller.signal)
      .then((counts) => {
        store.last = counts;
        for (const listener of store.listeners) listener(counts);
      })
      .catch(() => undefined);
  },

  onVisible(): void {
    if (document.visibilityState === 'visible') store.load();
  },

  subscribe(listener: Listener): () => void {
    store.listeners.add(listener);
    if (store.listeners.size === 1) {
      store.load();
      store.timer = window.setInterval(store.load, POLL_MS);
      document.addEventListener('visibilitychange', store.onVisible);
    }
    return () => {
      store.listeners.delete(listener);
      if (store.listeners.size === 0) {
        // Signed out (the console frame is gone): the next user must not see these numbers.
        store.last = null;
        store.controller?.abort();
        window.clearInterval(store.timer);
        document.removeEventListener('visibilitychange', store.onVisible);
      }
    };
  },
};

/** Tells the counts to ask again (after a claim, a transfer, an action). */
export function refreshCounts(): void {
  if (store.listeners.size > 0) store.load();
}

/** The 待办 count and the case-view counts; null until the first answer (and for other roles). */
export function useWorkbenchCounts(roles: readonly string[]): WorkbenchCounts | null {
  const enabled = roles.some((role) => COUNT_ROLES.includes(role));
  const [counts, setCounts] = useState<WorkbenchCounts | null>(() => (enabled ? store.last : null));

  useEffect(() => {
    if (!enabled) return;
    return store.subscribe(setCounts);
  }, [enabled]);

  return enabled ? counts : null;
}
