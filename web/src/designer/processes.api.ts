import { api } from '../api/client';

/** One deployed version of a process (GET /processes). */
export interface ProcessVersion {
  version: number;
  definitionId: string;
  deployedAt: string | null;
  deployedBy: string | null;
  comment: string | null;
}

export interface ProcessSummary {
  key: string;
  name: string | null;
  latestVersion: number;
  versions: ProcessVersion[];
}

export function listProcesses(signal?: AbortSignal): Promise<ProcessSummary[]> {
  return api.get<ProcessSummary[]>('/processes', { signal });
}

/** The BPMN XML of one version. `silent`: the caller decides (the case page hides the card on 403). */
export function getProcessXml(
  key: string,
  version: number | undefined,
  options: { signal?: AbortSignal; silent?: boolean } = {},
): Promise<{ key: string; version: number; xml: string }> {
  return api.get(`/processes/${encodeURIComponent(key)}/xml`, { query: { version }, ...options });
}
