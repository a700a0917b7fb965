export { CamundaClient, EngineError, translateEngineError, toEngineVariables, engineDate } from './client.js';
export type { CamundaConfig, ProcessDefinition, DeploymentResult, EngineTask, HistoricActivity } from './client.js';
