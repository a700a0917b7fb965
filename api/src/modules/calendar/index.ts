export { createCalendarRepository } from './calendar.repository.js';
export { createCalendarService, type CalendarService, chinaDate, endOfChinaDay } from './calendar.service.js';
export { registerCalendarRoutes } from './calendar.routes.js';
