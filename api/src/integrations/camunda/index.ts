export { CamundaClient, EngineError, translateEngineError } from './client.js';
export type { CamundaConfig, ProcessDefinition, DeploymentResult } from './client.js';
