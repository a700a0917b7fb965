import { Tag } from 'antd';
import { StatusTag } from '../../components/StatusTag';
import { useT } from '../../i18n/context';

/** A case's status and, once decided, its result (approved / refused): the applicant's 办理状态. */
export function CaseStatusTags({ status, result, testId }: { status: string; result?: string | null; testId: string }) {
  const t = useT();
  return (
    <>
      <StatusTag status={status} testId={testId} />
      {result && (
        <Tag color={result === 'approved' ? 'success' : 'error'}>
          {t(result === 'approved' ? 'case.result.approved' : 'case.result.refused')}
        </Tag>
      )}
    </>
  );
}
