import { AreaEmptyState } from '../../components/AreaEmptyState';

export default function CalendarPage() {
  return <AreaEmptyState areaKey="calendar" />;
}
