import { AreaEmptyState } from '../../components/AreaEmptyState';

export default function CasesPage() {
  return <AreaEmptyState areaKey="cases" />;
}
