import { AreaEmptyState } from '../../components/AreaEmptyState';

export default function AuditPage() {
  return <AreaEmptyState areaKey="audit" />;
}
