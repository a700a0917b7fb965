import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type HTMLAttributes, type Key } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Modal, Spin, Table, Tag, Typography } from 'antd';
import { EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/errors';
import { AreaPage } from '../../components/AreaPage';
import { formatDateTime } from '../../components/sla';
import { DiagramViewer } from '../../designer/DiagramViewer';
import { getProcessXml, listProcesses, type ProcessSummary, type ProcessVersion } from '../../designer/processes.api';
import { useT } from '../../i18n/context';
import type { ModelerSource } from '../../designer/modeler/ModelerWorkspace';
import { isValidProcessKey } from '../../designer/modeler/process-xml';
import { ProcessKeyNameModal, type ProcessKeyName } from '../../designer/ProcessKeyNameModal';

// The modeler (bpmn-js, properties panel, linter) is its own chunk, fetched when a flow is opened.
const ModelerWorkspace = lazy(() => import('../../designer/modeler/ModelerWorkspace'));

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

/** The opened flow in the address (`?open=<key>` or `?new=<key>&name=…`), so a reload keeps it. */
function sourceFromParams(params: URLSearchParams): ModelerSource | null {
  const open = params.get('open');
  if (open && isValidProcessKey(open)) return { kind: 'process', key: open };
  const created = params.get('new');
  if (created && isValidProcessKey(created)) return { kind: 'new', key: created, name: params.get('name') || created };
  return null;
}

/**
 * 流程设计: the deployed processes with their versions (who deployed each, when, why); 查看 opens a
 * version read-only, 编辑 opens the latest in the modeler, 新建流程 starts from the template.
 */
export default function DesignerPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const [processes, setProcesses] = useState<ProcessSummary[] | null>(null);
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const [expanded, setExpanded] = useState<readonly Key[]>([]);
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);
  const [newForm] = Form.useForm<ProcessKeyName>();
  const paramsKey = params.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- one source object per address
  const source = useMemo(() => sourceFromParams(params), [paramsKey]);

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
  }, [reload]);

  const closeModeler = useCallback(() => setParams({}), [setParams]);
  const refresh = useCallback(() => setReload((n) => n + 1), []);

  const startNew = async () => {
    const values = await newForm.validateFields().catch(() => null);
    if (!values) return; // the form shows what is wrong
    setCreating(false);
    newForm.resetFields();
    setParams({ new: values.key.trim(), name: values.name.trim() });
  };

  if (source) {
    return (
      <AreaPage areaKey="designer">
        <Suspense fallback={<Spin style={{ display: 'block', margin: '96px auto' }} data-testid="designer-loading" />}>
          <ModelerWorkspace
            key={paramsKey}
            source={source}
            onClose={closeModeler}
            onDeployed={(result) => {
              refresh();
              if (source.kind === 'new' || source.key !== result.key) setParams({ open: result.key });
            }}
          />
        </Suspense>
      </AreaPage>
    );
  }
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
      render: (value: string | null, row: ProcessVersion) => (
        <>
          {value ?? '—'}
          {row.source && (
            <Tag style={{ marginInlineStart: 8 }} color={row.source === 'designer' ? 'blue' : undefined}>
              {t(`designer.source.${row.source}`)}
            </Tag>
          )}
        </>
      ),
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
      <Card
        title={t('designer.processes')}
        size="small"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="designer-new">
            {t('designer.new')}
          </Button>
        }
      >
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
            {
              title: '',
              key: 'edit',
              width: 120,
              render: (_: unknown, row: ProcessSummary) => (
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  data-testid={`process-edit-${row.key}`}
                  onClick={() => setParams({ open: row.key })}
                >
                  {t('designer.edit')}
                </Button>
              ),
            },
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
      <ProcessKeyNameModal
        open={creating}
        title={t('designer.new')}
        okText={t('designer.new.ok')}
        hint={t('designer.new.hint')}
        form={newForm}
        testId="designer-new"
        extraKeyRules={[
          {
            validator: (_, value: string) =>
              processes?.some((p) => p.key === value?.trim())
                ? Promise.reject(new Error(t('designer.key.taken')))
                : Promise.resolve(),
          },
        ]}
        onOk={() => void startNew()}
        onCancel={() => setCreating(false)}
      />
    </AreaPage>
  );
}
