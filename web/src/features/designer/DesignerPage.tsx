import { AreaEmptyState } from '../../components/AreaEmptyState';

export default function DesignerPage() {
  return <AreaEmptyState areaKey="designer" />;
}
