/** Pure helpers of the read-only diagram: no DOM, no React, no bpmn-js (unit-tested with node:test). */

export type DiagramMarker = 'tb-completed' | 'tb-active';

/**
 * Key and version of a Camunda process definition id `<key>:<version>:<uuid>`. The last part is the
 * deployment's id, the one before it the version; everything before that is the key. Null when the
 * id does not have that form (e.g. a definition id Camunda shortened to `<uuid>` alone).
 */
export function parseDefinitionId(definitionId: string | null | undefined): { key: string; version: number } | null {
  if (!definitionId) return null;
  const parts = definitionId.split(':');
  if (parts.length < 3) return null;
  const versionText = parts[parts.length - 2] ?? '';
  const key = parts.slice(0, -2).join(':');
  if (!key || !/^[1-9]\d*$/.test(versionText)) return null;
  return { key, version: Number(versionText) };
}

/** The diagram element of an activity instance id: a multi-instance body marks the activity itself. */
export function elementIdOf(activityId: string): string {
  const hash = activityId.indexOf('#');
  return hash >= 0 ? activityId.slice(0, hash) : activityId;
}

/**
 * The markers to put on the diagram: every active activity gets `tb-active`, every completed one that
 * is not active again gets `tb-completed`; each element once, and only elements the diagram has
 * (`exists`, e.g. the element registry) so an id from another version is skipped, not an error.
 */
export function diagramMarkers(
  state: { activeActivityIds?: readonly string[]; completedActivityIds?: readonly string[] },
  exists: (elementId: string) => boolean = () => true,
): { id: string; marker: DiagramMarker }[] {
  const active = new Set((state.activeActivityIds ?? []).map(elementIdOf));
  const completed = new Set((state.completedActivityIds ?? []).map(elementIdOf).filter((id) => !active.has(id)));
  return [
    ...[...completed].filter(exists).map((id) => ({ id, marker: 'tb-completed' as const })),
    ...[...active].filter(exists).map((id) => ({ id, marker: 'tb-active' as const })),
  ];
}

/** A stable signature of the marker input, to re-render only when the ids really change. */
export function markerSignature(state: {
  activeActivityIds?: readonly string[];
  completedActivityIds?: readonly string[];
}): string {
  return `${(state.activeActivityIds ?? []).join(',')}|${(state.completedActivityIds ?? []).join(',')}`;
}

/** Whether a failed XML request should hide the diagram card silently (no right to read the XML). */
export function hidesDiagram(status: number | undefined): boolean {
  return status === 403;
}
