export * from './roles.js';
export * from './areas.js';
export * from './errors.js';
export * from './topics.js';
export * from './case-status.js';
export * from './schemas.js';
export * from './parallel.js';
