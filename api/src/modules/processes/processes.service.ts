import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError, notFound } from '../../errors.js';
import { translateEngineError, type CamundaClient } from '../../integrations/camunda/index.js';
import type { Logger } from '../../logger.js';
import { lintBpmn, type LintProblem } from './process-lint.js';
import type { ProcessesRepository } from './processes.repository.js';

export interface DeployOutcome {
  key: string;
  resource: string;
  version: number;
  definitionId: string;
  created: boolean;
}

async function findBpmnFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await findBpmnFiles(full)));
    else if (entry.name.endsWith('.bpmn')) out.push(full);
  }
  return out.sort();
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function createProcessesService(engine: CamundaClient, repo: ProcessesRepository, log: Logger) {
  /**
   * Lints and deploys one diagram. The engine's duplicate filtering decides whether a new version
   * is created; only a new version is recorded as a deployment.
   */
  async function deployOne(
    resource: string,
    xml: string,
    by: { username: string; source: 'startup' | 'cli' | 'designer'; comment?: string | null },
  ): Promise<DeployOutcome> {
    const lint = await lintBpmn(xml);
    if (lint.problems.length > 0) {
      throw new AppError(
        'PROCESS_INVALID',
        `流程 ${lint.key || resource} 校验未通过`,
        lint.problems.map(({ elementId, message }) => ({ elementId, message })),
      );
    }
    let deployment;
    try {
      // One deployment name and source per process: the engine filters duplicates within them.
      deployment = await engine.deploy(`tongban:${lint.key}`, [{ name: resource, content: xml }], 'tongban');
    } catch (err) {
      throw translateEngineError(err);
    }
    const created = Object.values(deployment.deployedProcessDefinitions ?? {}).find((d) => d.key === lint.key);
    if (created) {
      await repo.record({
        processKey: created.key,
        version: created.version,
        definitionId: created.id,
        deploymentId: deployment.id,
        resourceName: resource,
        sha256: sha256(xml),
        deployedBy: by.username,
        source: by.source,
        comment: by.comment ?? null,
      });
      log.info({ key: created.key, version: created.version, by: by.username }, 'process deployed');
      return { key: created.key, resource, version: created.version, definitionId: created.id, created: true };
    }
    const [latest] = await engine.processDefinitions({ key: lint.key, latestVersion: true });
    if (!latest) throw new AppError('ENGINE_UNAVAILABLE', '流程部署后未在引擎中找到');
    return { key: latest.key, resource, version: latest.version, definitionId: latest.id, created: false };
  }

  return {
    deployOne,

    /** Every .bpmn under the processes folder; lints all first so a bad file deploys nothing. */
    async deployAll(dir: string, by: { username: string; source: 'startup' | 'cli' }): Promise<DeployOutcome[]> {
      const files = await findBpmnFiles(dir);
      const docs = await Promise.all(
        files.map(async (f) => ({
          resource: path.relative(dir, f).split(path.sep).join('/'),
          xml: await fs.readFile(f, 'utf8'),
        })),
      );
      const invalid: { resource: string; problems: LintProblem[] }[] = [];
      for (const d of docs) {
        const { problems } = await lintBpmn(d.xml);
        if (problems.length) invalid.push({ resource: d.resource, problems });
      }
      if (invalid.length) {
        throw new AppError(
          'PROCESS_INVALID',
          `流程校验未通过: ${invalid.map((i) => i.resource).join(', ')}`,
          invalid.flatMap((i) =>
            i.problems.map((p) => ({ resource: i.resource, elementId: p.elementId, message: p.message })),
          ),
        );
      }
      const results: DeployOutcome[] = [];
      for (const d of docs) results.push(await deployOne(d.resource, d.xml, by));
      return results;
    },

    async list() {
      let defs;
      try {
        defs = await engine.processDefinitions();
      } catch (err) {
        throw translateEngineError(err);
      }
      const meta = await repo.byDefinitionIds(defs.map((d) => d.id));
      const byKey = new Map<
        string,
        {
          key: string;
          name: string | null;
          latestVersion: number;
          versions: {
            version: number;
            definitionId: string;
            deployedAt: string | null;
            deployedBy: string | null;
            comment: string | null;
            source: 'startup' | 'cli' | 'designer' | null;
          }[];
        }
      >();
      for (const d of defs) {
        const entry = byKey.get(d.key) ?? { key: d.key, name: d.name, latestVersion: 0, versions: [] };
        const m = meta.get(d.id);
        entry.versions.push({
          version: d.version,
          definitionId: d.id,
          deployedAt: m?.deployedAt.toISOString() ?? null,
          deployedBy: m?.deployedBy ?? null,
          comment: m?.comment ?? null,
          source: m?.source ?? null,
        });
        if (d.version >= entry.latestVersion) {
          entry.latestVersion = d.version;
          entry.name = d.name;
        }
        byKey.set(d.key, entry);
      }
      return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
    },

    /** Whether the engine has a definition under this key. */
    async isDeployed(key: string): Promise<boolean> {
      try {
        return (await engine.processDefinitions({ key, latestVersion: true })).length > 0;
      } catch (err) {
        throw translateEngineError(err);
      }
    },

    async xml(key: string, version?: number): Promise<{ key: string; version: number; xml: string }> {
      try {
        const defs = await engine.processDefinitions({ key });
        const def = version === undefined ? defs.at(-1) : defs.find((d) => d.version === version);
        if (!def) throw notFound('流程版本');
        const { bpmn20Xml } = await engine.processDefinitionXml(def.id);
        return { key, version: def.version, xml: bpmn20Xml };
      } catch (err) {
        throw translateEngineError(err);
      }
    },
  };
}

export type ProcessesService = ReturnType<typeof createProcessesService>;
