import { useState } from 'react';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { apiPath, download } from '../api/client';

/** A protected file (material or notice PDF): fetched with the bearer token, then saved. */
export function FileLink({ url, name, testId }: { url: string; name: string; testId?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="link"
      size="small"
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
      onClick={() => {
        setBusy(true);
        download(apiPath(url), name)
          .catch(() => undefined)
          .finally(() => setBusy(false));
      }}
    >
      {name}
    </Button>
  );
}
