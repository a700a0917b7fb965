import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PageKey } from './table';

/** One lazily loaded chunk per page; the Record type makes a new area without a page a compile error. */
export const PAGES: Record<PageKey, LazyExoticComponent<ComponentType>> = {
  home: lazy(() => import('../features/home/HomePage')),
  login: lazy(() => import('../features/auth/LoginPage')),
  services: lazy(() => import('../features/portal/ServicesPage')),
  serviceGuide: lazy(() => import('../features/portal/GuidePage')),
  progress: lazy(() => import('../features/portal/ProgressPage')),
  portal: lazy(() => import('../features/portal/PortalPage')),
  tasks: lazy(() => import('../features/tasks/TasksPage')),
  cases: lazy(() => import('../features/cases/CasesPage')),
  items: lazy(() => import('../features/items/ItemsPage')),
  designer: lazy(() => import('../features/designer/DesignerPage')),
  audit: lazy(() => import('../features/audit/AuditPage')),
  calendar: lazy(() => import('../features/calendar/CalendarPage')),
  admin: lazy(() => import('../features/admin/AdminPage')),
  caseDetail: lazy(() => import('../features/cases/CaseDetailPage')),
  portalApply: lazy(() => import('../features/portal/ApplyPage')),
  portalCase: lazy(() => import('../features/portal/MyCasePage')),
};
