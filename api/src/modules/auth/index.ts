export { createAuthRepository, type AuthRepository, type UserRecord } from './auth.repository.js';
export { createAuthService, type AuthService, toUserDto, hashToken } from './auth.service.js';
export { authenticate } from './auth.middleware.js';
export { registerAuthRoutes } from './auth.routes.js';
export { hashPassword, assertPasswordPolicy } from './password.js';
