export { createAuditRepository, type AuditRepository } from './audit.repository.js';
export { createAuditService, type AuditService, type AuditEvent } from './audit.service.js';
export { registerAuditRoutes } from './audit.routes.js';
