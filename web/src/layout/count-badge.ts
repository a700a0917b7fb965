/** The badge text of a count: nothing for 0 (or no count yet), `99+` above 99. */
export function badgeText(count: number | undefined | null): string | null {
  if (!count || count < 0) return null;
  return count > 99 ? '99+' : String(count);
}
