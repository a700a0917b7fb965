import { Tag } from 'antd';
import { CASE_STATUS_LABELS, type CaseStatus } from '@tongban/contracts';
import { useI18n } from '../i18n/context';
import { pickLabel } from '../i18n/translate';

const COLORS: Partial<Record<CaseStatus, string>> = {
  draft: 'default',
  submitted: 'processing',
  correction_required: 'warning',
  not_accepted: 'error',
  accepted: 'processing',
  in_progress: 'processing',
  special_procedure: 'purple',
  completed: 'success',
  voided: 'default',
  withdrawn: 'default',
  archived: 'default',
};

/** A case status in the user's language (labels from the contracts). */
export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  const { locale } = useI18n();
  const label = (CASE_STATUS_LABELS as Record<string, { zh: string; en: string }>)[status];
  return (
    <Tag color={COLORS[status as CaseStatus] ?? 'default'} data-testid={testId}>
      {label ? pickLabel(label, locale) : status}
    </Tag>
  );
}
