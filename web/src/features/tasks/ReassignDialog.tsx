import { useEffect, useState } from 'react';
import { Alert, Form, Modal, Radio, Select, Typography } from 'antd';
import { describeError } from '../../api/errors';
import { useT } from '../../i18n/context';
import { refreshCounts } from '../../layout/workbench-counts';
import { listColleagues, reassignTask, type Colleague, type ReassignKind } from './tasks.api';

/**
 * 转办 / 委派 of one task: pick a colleague of the case's department who may take it (the API lists
 * only those), then hand it over. A conflict (someone claimed it meanwhile) is shown in the dialog.
 */
export function ReassignDialog({
  task,
  onClose,
  onDone,
}: {
  task: { id: string; name?: string; caseNo?: string };
  onClose: () => void;
  onDone: (kind: ReassignKind, username: string) => void;
}) {
  const t = useT();
  const [kind, setKind] = useState<ReassignKind>('transfer');
  const [colleagues, setColleagues] = useState<Colleague[] | null>(null);
  const [username, setUsername] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setColleagues(null);
    setUsername(undefined);
    setError(null);
    listColleagues(task.id, kind, controller.signal)
      .then((result) => setColleagues(result.items))
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        setColleagues([]);
        setError(describeError(cause, t));
      });
    return () => controller.abort();
  }, [task.id, kind, t]);

  const submit = async () => {
    if (!username) {
      setError(t('reassign.pick'));
      return;
    }
    setSending(true);
    setError(null);
    try {
      await reassignTask(task.id, kind, username);
      refreshCounts();
      onDone(kind, username);
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      open
      title={t('reassign.title')}
      okText={t(kind === 'transfer' ? 'reassign.transfer' : 'reassign.delegate')}
      cancelText={t('common.cancel')}
      confirmLoading={sending}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'reassign-submit', disabled: !colleagues?.length }}
      destroyOnHidden
    >
      <Form layout="vertical" data-testid="reassign-dialog">
        {(task.caseNo || task.name) && (
          <Typography.Paragraph type="secondary">
            {[task.caseNo, task.name].filter(Boolean).join(' · ')}
          </Typography.Paragraph>
        )}
        <Form.Item label={t('reassign.kind')}>
          <Radio.Group
            value={kind}
            onChange={(event) => setKind(event.target.value as ReassignKind)}
            options={[
              { value: 'transfer', label: <span data-testid="reassign-kind-transfer">{t('reassign.transfer')}</span> },
              { value: 'delegate', label: <span data-testid="reassign-kind-delegate">{t('reassign.delegate')}</span> },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t(kind === 'transfer' ? 'reassign.transferHelp' : 'reassign.delegateHelp')}
          </Typography.Paragraph>
        </Form.Item>
        <Form.Item label={t('reassign.colleague')} required>
          <Select<string>
            showSearch={{ optionFilterProp: 'label' }}
            loading={colleagues === null}
            value={username}
            onChange={setUsername}
            data-testid="reassign-colleague"
            placeholder={t('reassign.pick')}
            notFoundContent={colleagues === null ? null : t('reassign.none')}
            options={(colleagues ?? []).map((c) => ({
              value: c.username,
              label: `${c.name}（${c.username}）`,
            }))}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="reassign-error" />}
    </Modal>
  );
}
