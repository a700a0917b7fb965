import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Badge, Button, Flex, Form, Input, List, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import {
  ArrowLeftOutlined,
  RedoOutlined,
  UndoOutlined,
  CloudUploadOutlined,
  CopyOutlined,
  DownloadOutlined,
  CloseCircleFilled,
  WarningFilled,
  InfoCircleFilled,
} from '@ant-design/icons';
import { isApiError } from '../../api/errors';
import { useI18n } from '../../i18n/context';
import { deployProcess, getProcessXml, type DeployResult } from '../processes.api';
import { buildElementTemplates, type ElementTemplate } from './element-templates';
import {
  countBySeverity,
  marksByElement,
  problemsFromReports,
  problemsFromServerDetails,
  type DesignerProblem,
} from './lint-results';
import { ruleLabelZh } from './lint-labels';
import { bpmnFileName, newProcessXml } from './process-xml';
import { ProcessKeyNameModal, type ProcessKeyName } from '../ProcessKeyNameModal';

/** What is opened: the latest version of a deployed process, or a new flow from the template. */
export type ModelerSource = { kind: 'process'; key: string } | { kind: 'new'; key: string; name: string };

export interface ModelerWorkspaceProps {
  source: ModelerSource;
  onClose: () => void;
  /** Called after a deployment that created or confirmed a version. */
  onDeployed: (result: DeployResult) => void;
}

/* The parts of bpmn-js's services the workspace uses. */
interface Shape {
  id: string;
  type: string;
  businessObject: { id: string; name?: string; $type: string };
}
interface ModelerLike {
  importXML(xml: string): Promise<unknown>;
  saveXML(options: { format: boolean }): Promise<{ xml?: string }>;
  getDefinitions(): unknown;
  get<T>(name: string): T;
  on(event: string, callback: (event: { element?: Shape }) => void): void;
  destroy(): void;
}
interface Viewbox {
  x: number;
  y: number;
  width: number;
  height: number;
  scale: number;
}
interface Canvas {
  zoom(scale?: number | 'fit-viewport'): number;
  viewbox(box?: Omit<Viewbox, 'scale'>): Viewbox;
  getRootElement(): Shape;
  scrollToElement(element: Shape): void;
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
}
interface Overlays {
  add(id: string, type: string, overlay: { position: { top?: number; right?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface CommandStack {
  canUndo(): boolean;
  canRedo(): boolean;
  undo(): void;
  redo(): void;
}
interface ElementTemplatesService {
  getAll(element?: Shape): (ElementTemplate & { deprecated?: boolean })[];
  applyTemplate(element: Shape, template: ElementTemplate): Shape;
}

const LINT_DELAY_MS = 300;
/** Screen pixels the palette covers at the canvas's left edge (with a margin). */
const PALETTE_WIDTH_PX = 140;

/** Fits the diagram into the canvas right of the palette, so no element hides under it. */
function fitBesidePalette(canvas: Canvas): void {
  canvas.zoom('fit-viewport');
  const box = canvas.viewbox();
  const screenWidth = box.width * box.scale;
  if (screenWidth <= PALETTE_WIDTH_PX * 2) return;
  const scale = (screenWidth - PALETTE_WIDTH_PX) / box.width;
  const width = screenWidth / scale;
  canvas.viewbox({ x: box.x - PALETTE_WIDTH_PX / scale, y: box.y, width, height: (box.height * width) / box.width });
}

function severityIcon(severity: DesignerProblem['severity']) {
  if (severity === 'error') return <CloseCircleFilled style={{ color: '#ff4d4f' }} />;
  if (severity === 'warning') return <WarningFilled style={{ color: '#faad14' }} />;
  return <InfoCircleFilled style={{ color: '#1677ff' }} />;
}

/**
 * The process designer's workspace: bpmn-js Modeler with the Camunda 7 properties panel and the
 * generated element templates, bpmnlint running on every change with the problems listed (a click
 * selects the element), save as copy, download and deploy with a comment. Problems the API reports
 * on deploy are drawn on their elements like the lint's.
 */
export default function ModelerWorkspace({ source, onClose, onDeployed }: ModelerWorkspaceProps) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const canvasRef = useRef<HTMLDivElement>(null);
  const propertiesRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<ModelerLike | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [processKey, setProcessKey] = useState(source.key);
  const [processName, setProcessName] = useState(source.kind === 'new' ? source.name : '');
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [lintProblems, setLintProblems] = useState<DesignerProblem[]>([]);
  const [serverProblems, setServerProblems] = useState<DesignerProblem[]>([]);
  const [dirty, setDirty] = useState(source.kind === 'new');
  const [history, setHistory] = useState({ undo: false, redo: false });
  const [copyOpen, setCopyOpen] = useState(false);
  const [deployOpen, setDeployOpen] = useState(false);
  const [deploying, setDeploying] = useState(false);
  const [chooser, setChooser] = useState<{ element: Shape; templates: ElementTemplate[] } | null>(null);
  const [copyForm] = Form.useForm<ProcessKeyName>();
  const [deployForm] = Form.useForm<{ comment: string }>();
  const templates = useMemo(() => buildElementTemplates(locale === 'en' ? 'en' : 'zh'), [locale]);

  // Create the modeler once per opened source (a language switch does not rebuild it and lose the
  // changes): its texts and the templates are in the language it was opened in.
  const templatesAtStart = useRef(templates);
  const localeAtStart = useRef<'zh' | 'en'>(locale === 'en' ? 'en' : 'zh');
  useEffect(() => {
    let cancelled = false;
    let modeler: ModelerLike | null = null;
    let lintTimer: ReturnType<typeof setTimeout> | undefined;
    setStatus('loading');
    (async () => {
      const runtime = await import('./modeler-runtime');
      const xml =
        source.kind === 'new'
          ? newProcessXml(source.key, source.name)
          : await getProcessXml(source.key, undefined, { silent: true }).then((r) => {
              setBaseVersion(r.version);
              return r.xml;
            });
      if (cancelled || !canvasRef.current || !propertiesRef.current) return;
      const created = runtime.createModeler({
        container: canvasRef.current,
        propertiesParent: propertiesRef.current,
        templates: templatesAtStart.current,
        locale: localeAtStart.current,
      }) as unknown as ModelerLike;
      modeler = created;
      const lint = async () => {
        const reports = await runtime.lintDefinitions(created.getDefinitions());
        if (!cancelled) setLintProblems(problemsFromReports(reports));
      };
      created.on('commandStack.changed', () => {
        setDirty(true);
        // What the server said was about the diagram as deployed; after a change the live lint speaks.
        setServerProblems([]);
        const commands = created.get<CommandStack>('commandStack');
        setHistory({ undo: commands.canUndo(), redo: commands.canRedo() });
        const root = created.get<Canvas>('canvas').getRootElement().businessObject;
        setProcessKey(root.id);
        setProcessName(root.name ?? '');
        clearTimeout(lintTimer);
        lintTimer = setTimeout(() => void lint(), LINT_DELAY_MS);
      });
      created.on('elementTemplates.select', (event) => {
        const element = event.element;
        if (!element) return;
        const applicable = created
          .get<ElementTemplatesService>('elementTemplates')
          .getAll(element)
          .filter((tpl) => !tpl.deprecated);
        setChooser({ element, templates: applicable });
      });
      await created.importXML(xml);
      if (cancelled) return;
      const canvas = created.get<Canvas>('canvas');
      fitBesidePalette(canvas);
      const root = canvas.getRootElement().businessObject;
      setProcessKey(root.id);
      setProcessName(root.name ?? '');
      modelerRef.current = created;
      await lint();
      if (!cancelled) setStatus('ready');
    })().catch((error: unknown) => {
      console.error(error);
      if (cancelled) return;
      setLoadError(isApiError(error) ? error.message : t('diagram.loadFailed'));
      setStatus('failed');
    });
    return () => {
      cancelled = true;
      clearTimeout(lintTimer);
      modelerRef.current = null;
      modeler?.destroy();
    };
    // t is stable per language; the modeler is not rebuilt for a language switch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source]);

  const problems = useMemo(() => [...serverProblems, ...lintProblems], [serverProblems, lintProblems]);
  const counts = countBySeverity(problems);

  // Draw the problems on the diagram: a count badge and a coloured outline per element.
  useEffect(() => {
    const modeler = modelerRef.current;
    if (!modeler || status !== 'ready') return;
    const overlays = modeler.get<Overlays>('overlays');
    const canvas = modeler.get<Canvas>('canvas');
    const registry = modeler.get<{ get(id: string): Shape | undefined }>('elementRegistry');
    const root = canvas.getRootElement();
    const marks = marksByElement(problems, (id) => Boolean(registry.get(id)) && id !== root.id, null);
    overlays.remove({ type: 'tb-lint' });
    for (const mark of marks) {
      const badge = document.createElement('div');
      badge.className = `tb-lint-badge ${mark.severity}`;
      badge.textContent = String(mark.count);
      badge.title = mark.messages.join('\n');
      badge.dataset.testid = `lint-badge-${mark.elementId}`;
      overlays.add(mark.elementId, 'tb-lint', { position: { top: -8, right: 8 }, html: badge });
      canvas.addMarker(mark.elementId, `tb-lint-${mark.severity}`);
    }
    return () => {
      for (const mark of marks) {
        if (!registry.get(mark.elementId)) continue;
        canvas.removeMarker(mark.elementId, `tb-lint-${mark.severity}`);
      }
    };
  }, [problems, status]);

  const selectProblem = useCallback((problem: DesignerProblem) => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    const registry = modeler.get<{ get(id: string): Shape | undefined }>('elementRegistry');
    const canvas = modeler.get<Canvas>('canvas');
    const element = (problem.elementId && registry.get(problem.elementId)) || canvas.getRootElement();
    modeler.get<{ select(element: Shape): void }>('selection').select(element);
    if (element !== canvas.getRootElement()) canvas.scrollToElement(element);
  }, []);

  const currentXml = async (): Promise<string> => {
    const modeler = modelerRef.current;
    if (!modeler) throw new Error('modeler not ready');
    const { xml } = await modeler.saveXML({ format: true });
    if (!xml) throw new Error('empty diagram');
    return xml;
  };

  const download = async () => {
    const xml = await currentXml().catch(() => null);
    if (!xml) return;
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = bpmnFileName(processKey);
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  };

  const saveAsCopy = async () => {
    const values = await copyForm.validateFields().catch(() => null);
    if (!values) return; // the form shows what is wrong
    const modeler = modelerRef.current;
    if (!modeler) return;
    const root = modeler.get<Canvas>('canvas').getRootElement();
    modeler
      .get<{ updateProperties(element: Shape, props: Record<string, unknown>): void }>('modeling')
      .updateProperties(root, { id: values.key.trim(), name: values.name.trim() });
    setBaseVersion(null);
    setServerProblems([]);
    setCopyOpen(false);
    message.success(t('designer.copy.done', { key: values.key.trim() }));
  };

  const deploy = async () => {
    const values = await deployForm.validateFields().catch(() => null);
    if (!values) return;
    const { comment } = values;
    setDeploying(true);
    try {
      const result = await deployProcess(await currentXml(), comment?.trim() || undefined, bpmnFileName(processKey));
      setServerProblems([]);
      setDirty(false);
      setBaseVersion(result.version);
      setDeployOpen(false);
      deployForm.resetFields();
      message.success(
        result.created
          ? t('designer.deploy.created', { key: result.key, version: result.version })
          : t('designer.deploy.unchanged', { key: result.key, version: result.version }),
      );
      onDeployed(result);
    } catch (error) {
      if (isApiError(error) && error.code === 'PROCESS_INVALID') {
        setServerProblems(problemsFromServerDetails(error.details));
        setDeployOpen(false);
        message.error(t('designer.deploy.invalid'));
      } else {
        message.error(isApiError(error) ? error.message : t('designer.deploy.failed'));
      }
    } finally {
      setDeploying(false);
    }
  };

  const close = () => {
    if (!dirty) return onClose();
    modal.confirm({
      title: t('designer.leave.title'),
      content: t('designer.leave.content'),
      okText: t('designer.leave.ok'),
      onOk: onClose,
    });
  };

  const elementName = (id: string) => {
    const registry = modelerRef.current?.get<{ get(id: string): Shape | undefined }>('elementRegistry');
    const element = id ? registry?.get(id) : undefined;
    return element?.businessObject.name || id || t('designer.problems.document');
  };

  return (
    <div data-testid="designer-modeler" data-state={status}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={close} data-testid="designer-back">
            {t('designer.back')}
          </Button>
          <Typography.Text strong data-testid="designer-process-key">
            {processName || processKey}
          </Typography.Text>
          <Tag>{processKey}</Tag>
          {baseVersion !== null ? (
            <Tag color="blue">{t('designer.basedOn', { version: baseVersion })}</Tag>
          ) : (
            <Tag color="gold">{t('designer.notDeployed')}</Tag>
          )}
          {dirty && <Tag color="orange">{t('designer.unsaved')}</Tag>}
        </Space>
        <Space wrap>
          <Tooltip title={t('designer.undo')}>
            <Button
              icon={<UndoOutlined />}
              aria-label={t('designer.undo')}
              disabled={!history.undo}
              onClick={() => modelerRef.current?.get<CommandStack>('commandStack').undo()}
            />
          </Tooltip>
          <Tooltip title={t('designer.redo')}>
            <Button
              icon={<RedoOutlined />}
              aria-label={t('designer.redo')}
              disabled={!history.redo}
              onClick={() => modelerRef.current?.get<CommandStack>('commandStack').redo()}
            />
          </Tooltip>
          <Button
            icon={<CopyOutlined />}
            disabled={status !== 'ready'}
            data-testid="designer-save-copy"
            onClick={() => {
              copyForm.setFieldsValue({ key: `${processKey}-copy`, name: `${processName || processKey}（副本）` });
              setCopyOpen(true);
            }}
          >
            {t('designer.copy')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            disabled={status !== 'ready'}
            onClick={() => void download()}
            data-testid="designer-download"
          >
            {t('designer.download')}
          </Button>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            disabled={status !== 'ready'}
            data-testid="designer-deploy"
            onClick={() => setDeployOpen(true)}
          >
            {t('designer.deploy')}
          </Button>
        </Space>
      </Flex>
      {status === 'failed' && <Alert type="error" showIcon title={loadError} data-testid="designer-load-error" />}
      <Spin spinning={status === 'loading'}>
        <div className="tb-modeler" style={{ display: status === 'failed' ? 'none' : undefined }}>
          <div className="tb-modeler-canvas" ref={canvasRef} data-testid="designer-canvas" />
          <div className="tb-modeler-properties" ref={propertiesRef} data-testid="designer-properties" />
        </div>
      </Spin>
      <div data-testid="designer-problems" style={{ marginTop: 12 }}>
        <Flex align="center" gap={12} style={{ marginBottom: 4 }}>
          <Typography.Text strong>{t('designer.problems')}</Typography.Text>
          <Badge count={counts.error} showZero color="#ff4d4f" data-testid="designer-error-count" />
          <Badge count={counts.warning} showZero color="#faad14" />
          <Typography.Text type="secondary">{t('designer.problems.hint')}</Typography.Text>
        </Flex>
        <List<DesignerProblem>
          size="small"
          bordered
          style={{ maxHeight: 220, overflow: 'auto' }}
          dataSource={problems}
          locale={{ emptyText: t('designer.problems.none') }}
          renderItem={(problem) => (
            <List.Item
              key={problem.key}
              data-testid={`problem-${problem.source}-${problem.elementId || 'document'}`}
              onClick={() => selectProblem(problem)}
              style={{ cursor: 'pointer' }}
            >
              <Space wrap size={8}>
                {severityIcon(problem.severity)}
                <Typography.Text strong>{elementName(problem.elementId)}</Typography.Text>
                {locale !== 'en' && ruleLabelZh(problem.rule) ? (
                  <>
                    <Typography.Text>{ruleLabelZh(problem.rule)}</Typography.Text>
                    <Typography.Text type="secondary">{problem.message}</Typography.Text>
                  </>
                ) : (
                  <Typography.Text>{problem.message}</Typography.Text>
                )}
                <Tag color={problem.source === 'server' ? 'red' : undefined}>
                  {problem.source === 'server' ? t('designer.problems.server') : problem.rule}
                </Tag>
              </Space>
            </List.Item>
          )}
        />
      </div>

      <ProcessKeyNameModal
        open={copyOpen}
        title={t('designer.copy.title')}
        okText={t('designer.copy.ok')}
        hint={t('designer.copy.hint')}
        form={copyForm}
        testId="designer-copy"
        destroyOnHidden
        onOk={() => void saveAsCopy()}
        onCancel={() => setCopyOpen(false)}
      />

      <Modal
        open={deployOpen}
        title={t('designer.deploy.title', { key: processKey })}
        okText={t('designer.deploy.ok')}
        okButtonProps={{ loading: deploying, 'data-testid': 'designer-deploy-confirm' }}
        onOk={() => void deploy()}
        onCancel={() => setDeployOpen(false)}
        forceRender
      >
        {counts.error > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('designer.deploy.hasErrors', { count: counts.error })}
          />
        )}
        <Typography.Paragraph type="secondary">{t('designer.deploy.hint')}</Typography.Paragraph>
        <Form form={deployForm} layout="vertical">
          <Form.Item
            name="comment"
            label={t('designer.col.comment')}
            rules={[{ required: true, whitespace: true, message: t('designer.deploy.commentRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="designer-deploy-comment" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={chooser !== null}
        title={t('designer.templates.title')}
        footer={null}
        onCancel={() => setChooser(null)}
        destroyOnHidden
      >
        <List<ElementTemplate>
          size="small"
          dataSource={chooser?.templates ?? []}
          locale={{ emptyText: t('designer.templates.none') }}
          renderItem={(template) => (
            <List.Item
              key={template.id}
              data-testid={`template-${template.id}`}
              style={{ cursor: 'pointer' }}
              onClick={() => {
                const modeler = modelerRef.current;
                if (modeler && chooser)
                  modeler.get<ElementTemplatesService>('elementTemplates').applyTemplate(chooser.element, template);
                setChooser(null);
              }}
            >
              <List.Item.Meta
                title={
                  <Space>
                    {template.name}
                    <Tag>{template.category.name}</Tag>
                  </Space>
                }
                description={
                  <Tooltip title={template.description}>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                      {template.description}
                    </Typography.Text>
                  </Tooltip>
                }
              />
            </List.Item>
          )}
        />
      </Modal>
    </div>
  );
}
