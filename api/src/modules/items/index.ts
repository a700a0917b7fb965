export { createItemsRepository, type ItemsRepository, type ItemRow } from './items.repository.js';
export { registerItemRoutes, toItemSummary } from './items.routes.js';
