export { createBranchesRepository, type BranchesRepository } from './branches.repository.js';
export { createParallelService, PARALLEL_PROCESS_KEY, type ParallelService } from './parallel.service.js';
export { createParallelTopics } from './parallel.topics.js';
export { registerParallelRoutes } from './parallel.routes.js';
export { mergeBundle } from './bundle.js';
