import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Spin, Tag, Tooltip } from 'antd';
import { CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { useT } from '../i18n/context';
import { diagramMarkers, markerSignature } from './diagram-state';

/** What the component needs of bpmn-js's canvas and element registry. */
interface CanvasLike {
  zoom(scale?: number | 'fit-viewport'): number;
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
}
interface OverlaysLike {
  add(
    elementId: string,
    type: string,
    overlay: { position: Record<string, number>; scale?: { min?: number }; html: HTMLElement },
  ): string;
}
interface EventBusLike {
  on(event: string, callback: (event: { element: { id: string } }) => void): void;
}
interface RegistryLike {
  get(elementId: string): unknown;
}
interface ViewerLike {
  importXML(xml: string): Promise<unknown>;
  get<T>(name: string): T;
  destroy(): void;
}

export interface DiagramViewerProps {
  /** BPMN 2.0 XML to show. */
  xml: string;
  activeActivityIds?: readonly string[];
  completedActivityIds?: readonly string[];
  /** Height of the canvas in pixels. */
  height?: number;
  testId?: string;
  /** Text shown under an element (e.g. how long the case stayed there), by element id. */
  badges?: Readonly<Record<string, string>>;
  /** The element to outline as chosen (e.g. from a history list). */
  selectedId?: string | null;
  /** Called with the element id when the user clicks an element of the diagram. */
  onSelect?: (elementId: string) => void;
}

const SELECTED = 'tb-selected';

/**
 * Read-only BPMN diagram: bpmn-js's NavigatedViewer loaded lazily (its own chunk), fitted to the box,
 * with done steps and current steps marked. The viewer is destroyed on unmount or when the XML changes.
 */
export function DiagramViewer({
  xml,
  activeActivityIds,
  completedActivityIds,
  height = 360,
  testId = 'diagram-viewer',
  badges,
  selectedId,
  onSelect,
}: DiagramViewerProps) {
  const t = useT();
  const container = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<CanvasLike | null>(null);
  const registryRef = useRef<RegistryLike | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading');
  const signature = markerSignature({ activeActivityIds, completedActivityIds });
  const showLegend = Boolean(activeActivityIds?.length || completedActivityIds?.length);
  const state = useRef({ activeActivityIds, completedActivityIds, badges, onSelect });
  state.current = { activeActivityIds, completedActivityIds, badges, onSelect };
  const badgeSignature = JSON.stringify(badges ?? {});

  useEffect(() => {
    let cancelled = false;
    let viewer: ViewerLike | null = null;
    setStatus('loading');
    import('./viewer-runtime')
      .then(async ({ NavigatedViewer }) => {
        if (cancelled || !container.current) return;
        // No wheel zoom: the wheel keeps scrolling the page; the buttons zoom, dragging pans.
        const created = new NavigatedViewer({
          container: container.current,
          zoomScroll: { enabled: false },
        } as ConstructorParameters<typeof NavigatedViewer>[0]) as unknown as ViewerLike;
        viewer = created;
        await created.importXML(xml);
        if (cancelled) return;
        const canvas = created.get<CanvasLike>('canvas');
        const registry = created.get<RegistryLike>('elementRegistry');
        canvas.zoom('fit-viewport');
        for (const { id, marker } of diagramMarkers(state.current, (elementId) => Boolean(registry.get(elementId)))) {
          canvas.addMarker(id, marker);
        }
        const overlays = created.get<OverlaysLike>('overlays');
        for (const [id, text] of Object.entries(state.current.badges ?? {})) {
          if (!registry.get(id)) continue;
          const html = document.createElement('div');
          html.className = 'tb-diagram-badge';
          html.dataset.elementId = id;
          html.textContent = text;
          // Never drawn smaller than its own size, so the label stays legible on a fitted diagram.
          overlays.add(id, 'tb-badge', { position: { bottom: 4, left: 0 }, scale: { min: 1 }, html });
        }
        created.get<EventBusLike>('eventBus').on('element.click', (event) => {
          if (registry.get(event.element.id)) state.current.onSelect?.(event.element.id);
        });
        canvasRef.current = canvas;
        registryRef.current = registry;
        setStatus('ready');
      })
      .catch((error: unknown) => {
        console.error(error);
        if (!cancelled) setStatus('failed');
      });
    return () => {
      cancelled = true;
      canvasRef.current = null;
      viewer?.destroy();
    };
  }, [xml, signature, badgeSignature]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || status !== 'ready' || !selectedId || !registryRef.current?.get(selectedId)) return;
    canvas.addMarker(selectedId, SELECTED);
    return () => canvas.removeMarker(selectedId, SELECTED);
  }, [selectedId, status]);

  const zoom = (factor: number | 'fit') => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    if (factor === 'fit') canvas.zoom('fit-viewport');
    else canvas.zoom(canvas.zoom() * factor);
  };

  return (
    <div data-testid={testId} data-state={status}>
      {status === 'failed' && (
        <Alert type="warning" showIcon title={t('diagram.loadFailed')} data-testid={`${testId}-error`} />
      )}
      <div style={{ display: status === 'failed' ? 'none' : 'block' }}>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
          <Flex gap={4} wrap>
            {showLegend && (
              <>
                <Tag color="success">{t('diagram.legend.completed')}</Tag>
                <Tag color="processing">{t('diagram.legend.active')}</Tag>
              </>
            )}
          </Flex>
          <Flex gap={4}>
            <Tooltip title={t('diagram.zoomIn')}>
              <Button
                size="small"
                icon={<ZoomInOutlined />}
                aria-label={t('diagram.zoomIn')}
                onClick={() => zoom(1.25)}
              />
            </Tooltip>
            <Tooltip title={t('diagram.zoomOut')}>
              <Button
                size="small"
                icon={<ZoomOutOutlined />}
                aria-label={t('diagram.zoomOut')}
                onClick={() => zoom(0.8)}
              />
            </Tooltip>
            <Tooltip title={t('diagram.fit')}>
              <Button
                size="small"
                icon={<CompressOutlined />}
                aria-label={t('diagram.fit')}
                onClick={() => zoom('fit')}
              />
            </Tooltip>
          </Flex>
        </Flex>
        <Spin spinning={status === 'loading'}>
          <div ref={container} className="tb-diagram" style={{ height }} />
        </Spin>
      </div>
    </div>
  );
}
