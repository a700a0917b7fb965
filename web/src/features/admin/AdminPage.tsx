import { AreaEmptyState } from '../../components/AreaEmptyState';

export default function AdminPage() {
  return <AreaEmptyState areaKey="admin" />;
}
