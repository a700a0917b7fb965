import { useEffect, useState } from 'react';
import { Alert, Card, Spin } from 'antd';
import { isApiError } from '../api/errors';
import { useT } from '../i18n/context';
import { DiagramViewer } from './DiagramViewer';
import { hidesDiagram, parseDefinitionId } from './diagram-state';
import { getProcessXml } from './processes.api';

type Load = { state: 'loading' } | { state: 'ready'; xml: string } | { state: 'hidden' } | { state: 'failed' };

/**
 * The "流程图" card of a case: the XML of the case's own process version with done and current steps
 * marked. Hidden when the case has no definition or the user may not read process XML (403).
 */
export function CaseDiagramCard({
  diagram,
}: {
  diagram: { processDefinitionId: string | null; activeActivityIds: string[]; completedActivityIds: string[] };
}) {
  const t = useT();
  const definition = parseDefinitionId(diagram.processDefinitionId);
  const key = definition?.key;
  const version = definition?.version;
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    if (!key || !version) {
      setLoad({ state: 'hidden' });
      return;
    }
    const controller = new AbortController();
    setLoad({ state: 'loading' });
    getProcessXml(key, version, { signal: controller.signal, silent: true })
      .then((result) => setLoad({ state: 'ready', xml: result.xml }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad(isApiError(error) && hidesDiagram(error.status) ? { state: 'hidden' } : { state: 'failed' });
      });
    return () => controller.abort();
  }, [key, version]);

  if (load.state === 'hidden') return null;
  return (
    <Card title={t('case.diagramChart')} size="small" data-testid="case-diagram">
      {load.state === 'loading' && <Spin style={{ display: 'block', margin: '24px auto' }} />}
      {load.state === 'failed' && <Alert type="warning" showIcon title={t('diagram.loadFailed')} />}
      {load.state === 'ready' && (
        <DiagramViewer
          xml={load.xml}
          activeActivityIds={diagram.activeActivityIds}
          completedActivityIds={diagram.completedActivityIds}
          testId="case-diagram-viewer"
        />
      )}
    </Card>
  );
}
