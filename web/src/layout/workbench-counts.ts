import { useEffect, useState } from 'react';
import { getWorkbenchCounts, type WorkbenchCounts } from '../features/tasks/tasks.api';

/** How often the menu asks for fresh counts while the console is open. */
const POLL_MS = 60_000;
const EVENT = 'tongban:counts-stale';

/** Roles the counts endpoint answers; others never ask. */
export const COUNT_ROLES: readonly string[] = ['clerk', 'approver', 'lead', 'auditor', 'auditadmin'];

/** Tells every counts hook on the page to ask again (after a claim, a transfer, an action). */
export function refreshCounts(): void {
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(EVENT));
}

/**
 * The 待办 count and the case-view counts: asked on mount, every minute, when the tab becomes visible
 * again, and whenever `refreshCounts()` is called. Null until the first answer (or for other roles).
 */
export function useWorkbenchCounts(roles: readonly string[]): WorkbenchCounts | null {
  const enabled = roles.some((role) => COUNT_ROLES.includes(role));
  const [counts, setCounts] = useState<WorkbenchCounts | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let controller = new AbortController();
    const load = () => {
      controller.abort();
      controller = new AbortController();
      getWorkbenchCounts(controller.signal)
        .then(setCounts)
        .catch(() => undefined);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') load();
    };
    load();
    const timer = window.setInterval(load, POLL_MS);
    window.addEventListener(EVENT, load);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      controller.abort();
      window.clearInterval(timer);
      window.removeEventListener(EVENT, load);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [enabled]);

  return enabled ? counts : null;
}
