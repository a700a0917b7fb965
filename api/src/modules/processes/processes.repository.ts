import type { Db } from '../../db/knex.js';

export interface DeploymentRecord {
  processKey: string;
  version: number;
  definitionId: string;
  deploymentId: string;
  resourceName: string;
  sha256: string;
  deployedBy: string;
  source: 'startup' | 'cli' | 'designer';
  comment: string | null;
  deployedAt: Date;
}

export function createProcessesRepository(db: Db) {
  return {
    async record(r: Omit<DeploymentRecord, 'deployedAt'>): Promise<void> {
      await db('process_deployments')
        .insert({
          process_key: r.processKey,
          version: r.version,
          definition_id: r.definitionId,
          deployment_id: r.deploymentId,
          resource_name: r.resourceName,
          sha256: r.sha256,
          deployed_by: r.deployedBy,
          source: r.source,
          comment: r.comment,
        })
        .onConflict('definition_id')
        .ignore();
    },

    async byDefinitionIds(
      ids: string[],
    ): Promise<
      Map<string, { deployedBy: string; deployedAt: Date; comment: string | null; source: DeploymentRecord['source'] }>
    > {
      if (ids.length === 0) return new Map();
      const rows = (await db('process_deployments')
        .whereIn('definition_id', ids)
        .select('definition_id', 'deployed_by', 'deployed_at', 'comment', 'source')) as {
        definition_id: string;
        deployed_by: string;
        deployed_at: Date;
        comment: string | null;
        source: DeploymentRecord['source'];
      }[];
      return new Map(
        rows.map((r) => [
          r.definition_id,
          { deployedBy: r.deployed_by, deployedAt: new Date(r.deployed_at), comment: r.comment, source: r.source },
        ]),
      );
    },
  };
}

export type ProcessesRepository = ReturnType<typeof createProcessesRepository>;
