import { useEffect, useState, type HTMLAttributes, type Key } from 'react';
import { Alert, Button, Card, Modal, Spin, Table, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/errors';
import { AreaPage } from '../../components/AreaPage';
import { formatDateTime } from '../../components/sla';
import { DiagramViewer } from '../../designer/DiagramViewer';
import { getProcessXml, listProcesses, type ProcessSummary, type ProcessVersion } from '../../designer/processes.api';
import { useT } from '../../i18n/context';

type Viewing = { key: string; name: string; version: number };

/** The read-only view of one process version (modal body): fetches the XML and shows the viewer. */
function VersionViewer({ viewing }: { viewing: Viewing }) {
  const t = useT();
  const [xml, setXml] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getProcessXml(viewing.key, viewing.version, { signal: controller.signal, silent: true })
      .then((result) => setXml(result.xml))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setFailed(isApiError(error) ? error.message : t('diagram.loadFailed'));
      });
    return () => controller.abort();
  }, [viewing.key, viewing.version, t]);

  if (failed) return <Alert type="error" showIcon title={failed} data-testid="process-viewer-error" />;
  if (xml === null) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  return <DiagramViewer xml={xml} height={520} testId="process-viewer" />;
}

/** 流程设计: the deployed processes and their versions; 查看 opens a version read-only. */
export default function DesignerPage() {
  const t = useT();
  const [processes, setProcesses] = useState<ProcessSummary[] | null>(null);
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const [expanded, setExpanded] = useState<readonly Key[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    listProcesses(controller.signal)
      .then((list) => {
        setProcesses(list);
        setExpanded(list.map((process) => process.key));
      })
      .catch(() => {
        if (!controller.signal.aborted) setProcesses([]);
      });
    return () => controller.abort();
  }, []);

  const versionColumns = (process: ProcessSummary) => [
    { title: t('designer.col.version'), dataIndex: 'version', key: 'version', width: 80 },
    {
      title: t('designer.col.deployedAt'),
      dataIndex: 'deployedAt',
      key: 'deployedAt',
      render: (value: string | null) => formatDateTime(value),
    },
    {
      title: t('designer.col.deployedBy'),
      dataIndex: 'deployedBy',
      key: 'deployedBy',
      render: (value: string | null) => value ?? '—',
    },
    {
      title: t('designer.col.comment'),
      dataIndex: 'comment',
      key: 'comment',
      render: (value: string | null) => value ?? '—',
    },
    {
      title: '',
      key: 'view',
      width: 100,
      render: (_: unknown, row: ProcessVersion) => (
        <Button
          size="small"
          icon={<EyeOutlined />}
          data-testid={`process-view-${process.key}-${row.version}`}
          onClick={() => setViewing({ key: process.key, name: process.name ?? process.key, version: row.version })}
        >
          {t('designer.view')}
        </Button>
      ),
    },
  ];

  return (
    <AreaPage areaKey="designer">
      <Typography.Paragraph type="secondary">{t('area.designer.description')}</Typography.Paragraph>
      <Card title={t('designer.processes')} size="small">
        <Table<ProcessSummary>
          rowKey="key"
          size="small"
          loading={processes === null}
          dataSource={processes ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('designer.empty') }}
          onRow={(row) => ({ 'data-testid': `process-row-${row.key}` }) as HTMLAttributes<HTMLElement>}
          expandable={{
            expandedRowKeys: expanded,
            onExpandedRowsChange: setExpanded,
            expandedRowRender: (process) => (
              <Table<ProcessVersion>
                rowKey="version"
                size="small"
                pagination={false}
                dataSource={[...process.versions].sort((a, b) => b.version - a.version)}
                columns={versionColumns(process)}
              />
            ),
          }}
          columns={[
            { title: t('designer.col.key'), dataIndex: 'key', key: 'key' },
            {
              title: t('designer.col.name'),
              dataIndex: 'name',
              key: 'name',
              render: (value: string | null) => value ?? '—',
            },
            { title: t('designer.col.latestVersion'), dataIndex: 'latestVersion', key: 'latestVersion' },
          ]}
        />
      </Card>
      <Modal
        open={viewing !== null}
        title={viewing ? t('designer.viewerTitle', { name: viewing.name, version: viewing.version }) : ''}
        footer={null}
        width={1000}
        destroyOnHidden
        onCancel={() => setViewing(null)}
      >
        {viewing && <VersionViewer key={`${viewing.key}:${viewing.version}`} viewing={viewing} />}
      </Modal>
    </AreaPage>
  );
}
