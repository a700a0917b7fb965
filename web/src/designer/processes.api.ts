import { api } from '../api/client';

/** One deployed version of a process (GET /processes). */
export interface ProcessVersion {
  version: number;
  definitionId: string;
  deployedAt: string | null;
  deployedBy: string | null;
  comment: string | null;
  /** How it was deployed; null for a version deployed outside the API. */
  source: 'startup' | 'cli' | 'designer' | null;
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

export interface DeployResult {
  key: string;
  version: number;
  /** False when the diagram equals the latest version (the engine's duplicate filtering). */
  created: boolean;
}

/** Lints and deploys one diagram (designers). A failed lint is a 422 PROCESS_INVALID with `details`. */
export function deployProcess(xml: string, comment: string | undefined, resourceName: string): Promise<DeployResult> {
  return api.post<DeployResult>('/processes', { xml, comment, resourceName }, { silent: true });
}
