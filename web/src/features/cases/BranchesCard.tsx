import { Card, Table, Tag, Typography } from 'antd';
import type { CaseBranchDto } from '@tongban/contracts';
import { formatDate } from '../../components/sla';
import { SlaTag } from '../../components/SlaTag';
import { useT } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';

const STATUS_COLORS: Record<CaseBranchDto['status'], string> = {
  pending: 'default',
  in_progress: 'processing',
  correction: 'warning',
  special: 'purple',
  approved: 'success',
  refused: 'error',
  cancelled: 'default',
};

const STEPS = ['branchReview', 'branchDecision', 'branchSpecialProcedure'];

/**
 * Parallel approval (并联审批): one row per participating department's branch — status, step,
 * handler, its own clock, opinion and result. The lead department sees every branch; a
 * participating department only its own (the API decides). Nothing for other cases.
 */
export function BranchesCard({ detail }: { detail: object }) {
  const t = useT();
  const branches = (detail as { branches?: CaseBranchDto[] }).branches;
  if (!branches?.length) return null;
  return (
    <Card title={t('branches.title')} size="small" data-testid="case-branches">
      <Table<CaseBranchDto>
        size="small"
        pagination={false}
        rowKey={(b) => b.department.code}
        dataSource={branches}
        scroll={{ x: true }}
        columns={[
          {
            title: t('branches.department'),
            key: 'department',
            render: (_, b) => (
              <>
                <div>{b.department.name}</div>
                {b.memberItems.length > 0 && (
                  <Typography.Text type="secondary">{b.memberItems.map((i) => i.name).join('、')}</Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('branches.status'),
            key: 'status',
            render: (_, b) => (
              <span data-testid={`branch-status-${b.department.code}`}>
                <Tag color={STATUS_COLORS[b.status]}>{t(`branches.status.${b.status}` as MessageKey)}</Tag>
                {b.step && STEPS.includes(b.step) && <Tag>{t(`step.${b.step}` as MessageKey)}</Tag>}
              </span>
            ),
          },
          { title: t('branches.handler'), key: 'handler', render: (_, b) => b.handler ?? '—' },
          {
            title: t('branches.clock'),
            key: 'clock',
            render: (_, b) => (
              <>
                <div>
                  {t('case.dueAt')}: {formatDate(b.clock.dueAt)} <SlaTag sla={b.clock.sla} />
                </div>
                <Typography.Text type="secondary">
                  {b.clock.state === 'paused'
                    ? t('clock.paused')
                    : b.clock.workingDaysLeft === null
                      ? t('branches.limit', { days: b.clock.limitDays })
                      : b.clock.workingDaysLeft >= 0
                        ? t('clock.daysLeft', { days: b.clock.workingDaysLeft })
                        : t('clock.overdue', { days: -b.clock.workingDaysLeft })}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('branches.opinion'),
            key: 'opinion',
            render: (_, b) => b.resultReason ?? b.cancelReason ?? b.opinion ?? '—',
          },
          {
            title: t('branches.result'),
            key: 'result',
            render: (_, b) =>
              b.result ? (
                <Tag color={b.result === 'approved' ? 'success' : 'error'}>
                  {t(`branches.status.${b.result}` as MessageKey)}
                </Tag>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
