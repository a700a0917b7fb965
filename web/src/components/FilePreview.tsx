import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Flex, Grid, Spin } from 'antd';
import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { apiPath, buildUrl, download } from '../api/client';
import { tokenStore } from '../api/token';
import { useT } from '../i18n/context';
import { loadLocale } from '../i18n/locale-storage';
import { previewKind } from './preview';

export interface PreviewFile {
  url: string;
  name: string;
  mime: string;
}

/** Fetches a protected file with the bearer token and hands back a blob URL the page may show. */
async function fetchBlobUrl(url: string, signal: AbortSignal): Promise<string> {
  const token = tokenStore.get();
  const headers: Record<string, string> = { 'Accept-Language': loadLocale() };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(buildUrl(apiPath(url)), { headers, signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return URL.createObjectURL(await response.blob());
}

/** The drawer showing one material or notice inline: a PDF in a frame, an image as an image. */
export function FilePreviewDrawer({ file, onClose }: { file: PreviewFile | null; onClose: () => void }) {
  const t = useT();
  const wide = Grid.useBreakpoint().lg;
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const kind = file ? previewKind(file.mime, file.name) : null;

  useEffect(() => {
    if (!file) return;
    const controller = new AbortController();
    let created: string | null = null;
    setSrc(null);
    setFailed(false);
    fetchBlobUrl(file.url, controller.signal)
      .then((url) => {
        created = url;
        setSrc(url);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => {
      controller.abort();
      if (created) URL.revokeObjectURL(created);
    };
  }, [file]);

  return (
    <Drawer
      open={file !== null}
      onClose={onClose}
      title={file?.name}
      size={wide ? 860 : undefined}
      destroyOnHidden
      extra={
        file && (
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void download(apiPath(file.url), file.name).catch(() => undefined)}
          >
            {t('preview.download')}
          </Button>
        )
      }
      styles={{ body: { padding: 0, display: 'flex' } }}
    >
      <div data-testid="file-preview" data-kind={kind ?? 'none'} style={{ flex: 1, minHeight: 480 }}>
        {failed && <Alert type="error" showIcon title={t('preview.failed')} style={{ margin: 16 }} />}
        {!failed && !src && <Spin style={{ display: 'block', margin: '64px auto' }} />}
        {src && kind === 'pdf' && (
          <iframe
            src={src}
            title={file?.name}
            data-testid="file-preview-pdf"
            style={{ border: 0, width: '100%', height: '100%', minHeight: 'calc(100vh - 120px)' }}
          />
        )}
        {src && kind === 'image' && (
          <Flex justify="center" style={{ padding: 16, overflow: 'auto' }}>
            <img src={src} alt={file?.name} data-testid="file-preview-image" style={{ maxWidth: '100%' }} />
          </Flex>
        )}
      </div>
    </Drawer>
  );
}

/** The small "预览" button beside a file, shown only for files the drawer can show. */
export function PreviewButton({
  file,
  onPreview,
  testId,
}: {
  file: PreviewFile;
  onPreview: (file: PreviewFile) => void;
  testId?: string;
}) {
  const t = useT();
  if (!previewKind(file.mime, file.name)) return null;
  return (
    <Button
      type="link"
      size="small"
      icon={<EyeOutlined />}
      data-testid={testId}
      style={{ paddingInline: 0, height: 'auto' }}
      onClick={() => onPreview(file)}
    >
      {t('preview.open')}
    </Button>
  );
}
