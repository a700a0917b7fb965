import type { ItemCatalogueDto, ItemGuideContent, ItemMaterialDto, ItemSummaryDto } from '@tongban/contracts';
import { api } from '../../api/client';

/** One field of an item's application form (`item.form.fields`). */
export interface FormField {
  key: string;
  label: string;
  type?: 'text' | 'textarea' | 'select' | 'phone' | 'number' | 'date' | (string & {});
  required?: boolean;
  options?: string[];
}

export type ItemMaterial = ItemMaterialDto;
export type ItemSummary = ItemSummaryDto;
export type ItemCatalogue = ItemCatalogueDto;

export interface ItemGuide extends ItemSummary {
  catalogCode: string;
  version: number;
  processKey: string;
  guide: ItemGuideContent;
  materials: ItemMaterial[];
  form: { fields?: FormField[] };
}

export interface ItemFilter {
  audience?: 'person' | 'legal';
  theme?: string;
  department?: string;
  q?: string;
}

/** Public: the published items, filtered by audience, theme code, department and name. */
export function listItems(filter: ItemFilter = {}, signal?: AbortSignal): Promise<ItemSummary[]> {
  return api.get<ItemSummary[]>('/items', { query: { ...filter }, signal, auth: false });
}

/** Public: the themes and departments of an audience, with how many items each has. */
export function getCatalogue(audience: 'person' | 'legal', signal?: AbortSignal): Promise<ItemCatalogue> {
  return api.get<ItemCatalogue>('/item-catalogue', { query: { audience }, signal, auth: false });
}

export function getItem(code: string, options: { signal?: AbortSignal; silent?: boolean } = {}): Promise<ItemGuide> {
  return api.get<ItemGuide>(`/items/${encodeURIComponent(code)}`, { ...options, auth: false });
}
