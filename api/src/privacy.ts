/** Server-side masking of personal data for lists, logs and anonymous answers (DOMAIN.md §7). */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const all = phone.replace(/\D/g, '');
  // A mainland mobile written with the country code (+86) is masked like the bare number.
  const digits = all.length === 13 && all.startsWith('86') ? all.slice(2) : all;
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  if (id.length <= 10) return `${id.slice(0, 2)}${'*'.repeat(Math.max(0, id.length - 4))}${id.slice(-2)}`;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const chars = [...name];
  if (chars.length <= 1) return '*';
  // Organisation names are public; only personal names are masked.
  if (chars.length > 4) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * A name in an anonymous answer (the public progress lookup): a company by its public name, a
 * person by the first character only, whatever the length of the name.
 */
export function maskForPublic(name: string | null | undefined, kind: string): string | null {
  if (!name) return null;
  if (kind === 'legal') return name;
  const chars = [...name];
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}
