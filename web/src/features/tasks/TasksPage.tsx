import { AreaEmptyState } from '../../components/AreaEmptyState';

export default function TasksPage() {
  return <AreaEmptyState areaKey="tasks" />;
}
