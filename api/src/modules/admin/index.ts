export { createAdminRepository } from './admin.repository.js';
export { createAdminService, type AdminService } from './admin.service.js';
export { registerAdminRoutes } from './admin.routes.js';
