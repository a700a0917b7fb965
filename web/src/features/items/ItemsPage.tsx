import { AreaEmptyState } from '../../components/AreaEmptyState';

export default function ItemsPage() {
  return <AreaEmptyState areaKey="items" />;
}
