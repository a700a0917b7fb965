export { createWorkersRepository, type WorkersRepository } from './workers.repository.js';
export { registerInternalRoutes } from './internal.routes.js';
