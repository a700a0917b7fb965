export { createProcessesRepository } from './processes.repository.js';
export { createProcessesService, type ProcessesService } from './processes.service.js';
export { registerProcessRoutes } from './processes.routes.js';
export { lintBpmn } from './process-lint.js';
