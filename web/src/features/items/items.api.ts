import { api } from '../../api/client';

/** One field of an item's application form (`item.form.fields`). */
export interface FormField {
  key: string;
  label: string;
  type?: 'text' | 'textarea' | 'select' | 'phone' | 'number' | 'date' | (string & {});
  required?: boolean;
  options?: string[];
}

export interface ItemMaterial {
  code: string;
  name: string;
  required: boolean;
  [extra: string]: unknown;
}

export interface ItemSummary {
  code: string;
  name: string;
  type: string;
  department: { code: string; name: string };
  audience: string[];
  themes: string[];
  caseType: 'instant' | 'promised';
  legalDays: number;
  promisedDays: number;
  dayUnit: 'working' | 'natural';
  online: boolean;
  onsiteVisits: number;
}

export interface ItemGuide extends ItemSummary {
  catalogCode: string;
  version: number;
  processKey: string;
  guide: Record<string, unknown>;
  materials: ItemMaterial[];
  form: { fields?: FormField[] };
}

export function listItems(audience?: 'person' | 'legal', signal?: AbortSignal): Promise<ItemSummary[]> {
  return api.get<ItemSummary[]>('/items', { query: { audience }, signal });
}

export function getItem(code: string, options: { signal?: AbortSignal; silent?: boolean } = {}): Promise<ItemGuide> {
  return api.get<ItemGuide>(`/items/${encodeURIComponent(code)}`, options);
}
