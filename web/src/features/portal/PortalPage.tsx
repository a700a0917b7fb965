import { AreaEmptyState } from '../../components/AreaEmptyState';

export default function PortalPage() {
  return <AreaEmptyState areaKey="portal" />;
}
