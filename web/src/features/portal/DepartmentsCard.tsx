import { useState } from 'react';
import { Alert, App, Button, Card, Flex, List, Tag, Typography } from 'antd';
import type { DepartmentProgressDto, SimulationDto } from '@tongban/contracts';
import { api } from '../../api/client';
import { useT } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { MaterialUpload } from './MaterialUpload';

const COLORS: Record<DepartmentProgressDto['status'], string> = {
  pending: 'default',
  in_progress: 'processing',
  correction: 'warning',
  special: 'purple',
  approved: 'success',
  refused: 'error',
  cancelled: 'default',
};

interface ParallelCase {
  caseNo: string;
  status: string;
  result?: string | null;
  materials: { code: string; name: string }[];
  departments?: DepartmentProgressDto[];
  simulation?: SimulationDto | null;
}

/**
 * The applicant's view of a parallel case (并联审批 / 一件事): one case, each department's
 * progress; under simulated approval (模拟审批) the prerequisite can be handed in here.
 */
export function DepartmentsCard({ data, onDone }: { data: object; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const c = data as ParallelCase;
  const [fileIds, setFileIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  if (!c.departments?.length) return null;
  const sim = c.simulation;
  const prerequisite = sim?.prerequisiteMaterial;
  const canHandIn =
    !!sim?.simulated &&
    !sim.formalizedAt &&
    !!prerequisite &&
    c.result !== 'refused' &&
    !['voided', 'withdrawn', 'not_accepted'].includes(c.status);

  const send = async () => {
    if (!prerequisite || !fileIds.length || busy) return;
    setSending(true);
    try {
      await api.post(`/applications/${encodeURIComponent(c.caseNo)}/prerequisite`, {
        materials: [{ code: prerequisite, fileIds }],
      });
      void message.success(t('parallel.prerequisiteDone'));
      onDone();
    } catch {
      // shown by the client
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('parallel.departments')} size="small" data-testid="my-departments">
      <List
        size="small"
        dataSource={c.departments}
        renderItem={(d) => (
          <List.Item>
            <Flex vertical gap={2} style={{ width: '100%' }}>
              <Flex justify="space-between" gap={8} wrap>
                <span>{d.department}</span>
                <Tag color={COLORS[d.status]}>{t(`branches.status.${d.status}` as MessageKey)}</Tag>
              </Flex>
              {d.items.length > 0 && <Typography.Text type="secondary">{d.items.join('、')}</Typography.Text>}
              {d.dueDate && (
                <Typography.Text type="secondary">
                  {t('mycase.dueDate')}: {d.dueDate}
                </Typography.Text>
              )}
            </Flex>
          </List.Item>
        )}
      />
      {sim?.simulated && (
        <Alert
          style={{ marginTop: 12 }}
          type={sim.formalizedAt ? 'success' : 'warning'}
          showIcon
          title={sim.formalizedAt ? t('parallel.formalized') : t('parallel.simulated')}
        />
      )}
      {canHandIn && prerequisite && (
        <Flex vertical gap={8} style={{ marginTop: 12 }} data-testid="prerequisite">
          <Typography.Text strong>
            {t('parallel.prerequisite', {
              name: c.materials.find((m) => m.code === prerequisite)?.name ?? prerequisite,
            })}
          </Typography.Text>
          <MaterialUpload code={prerequisite} onChange={setFileIds} onBusyChange={setBusy} />
          <Button type="primary" disabled={!fileIds.length || busy} loading={sending} onClick={() => void send()}>
            {t('parallel.prerequisiteSubmit')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
