/** bpmnlint's answer: reports per rule name. */
export interface LintReport {
  id?: string;
  message: string;
  category: string;
}
export type LintReports = Record<string, LintReport[]>;

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** One problem shown in the designer's list and on its element. */
export interface DesignerProblem {
  /** Stable key for lists. */
  key: string;
  /** The BPMN element it is about ('' when the document as a whole). */
  elementId: string;
  message: string;
  /** The lint rule, or `server` for a problem the API reported on deploy. */
  rule: string;
  severity: ProblemSeverity;
  source: 'lint' | 'server';
}

const SEVERITY: Record<string, ProblemSeverity> = {
  error: 'error',
  'rule-error': 'error',
  warn: 'warning',
  info: 'info',
};
const ORDER: Record<ProblemSeverity, number> = { error: 0, warning: 1, info: 2 };

const byImportance = (a: DesignerProblem, b: DesignerProblem) =>
  ORDER[a.severity] - ORDER[b.severity] || a.elementId.localeCompare(b.elementId) || a.rule.localeCompare(b.rule);

/**
 * bpmnlint reports as a flat list, errors first. Errors are exactly what the API refuses to deploy
 * (it applies the same configuration and blocks on category `error`); warnings and infos are advice.
 */
export function problemsFromReports(reports: LintReports): DesignerProblem[] {
  const out: DesignerProblem[] = [];
  for (const [rule, list] of Object.entries(reports)) {
    list.forEach((report, index) => {
      out.push({
        key: `lint:${rule}:${report.id ?? ''}:${index}`,
        elementId: report.id ?? '',
        message: report.message,
        rule,
        severity: SEVERITY[report.category] ?? 'warning',
        source: 'lint',
      });
    });
  }
  return out.sort(byImportance);
}

/**
 * The `details` of the API's 422 PROCESS_INVALID (`[{ elementId, message }]`) as problems; anything
 * else in `details` is ignored rather than trusted.
 */
export function problemsFromServerDetails(details: unknown): DesignerProblem[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter(
      (d): d is { elementId?: unknown; message: string } =>
        typeof d === 'object' && d !== null && typeof (d as { message?: unknown }).message === 'string',
    )
    .map((d, index) => {
      const elementId = typeof d.elementId === 'string' ? d.elementId : '';
      return {
        key: `server:${elementId}:${index}`,
        elementId,
        message: d.message,
        rule: 'server',
        severity: 'error' as const,
        source: 'server' as const,
      };
    })
    .sort(byImportance);
}

export interface ElementMarks {
  elementId: string;
  severity: ProblemSeverity;
  count: number;
  messages: string[];
}

/**
 * Groups problems by the diagram element they are drawn on: the element itself when the diagram has
 * it, otherwise `fallbackId` (the process), so that nothing reported is lost. Infos are not drawn.
 */
export function marksByElement(
  problems: readonly DesignerProblem[],
  exists: (elementId: string) => boolean,
  fallbackId: string | null,
): ElementMarks[] {
  const marks = new Map<string, ElementMarks>();
  for (const problem of problems) {
    if (problem.severity === 'info') continue;
    const target = problem.elementId && exists(problem.elementId) ? problem.elementId : fallbackId;
    if (!target) continue;
    const mark = marks.get(target) ?? { elementId: target, severity: problem.severity, count: 0, messages: [] };
    mark.count += 1;
    mark.messages.push(problem.message);
    if (ORDER[problem.severity] < ORDER[mark.severity]) mark.severity = problem.severity;
    marks.set(target, mark);
  }
  return [...marks.values()];
}

export function countBySeverity(problems: readonly DesignerProblem[]): Record<ProblemSeverity, number> {
  const counts: Record<ProblemSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const p of problems) counts[p.severity] += 1;
  return counts;
}
