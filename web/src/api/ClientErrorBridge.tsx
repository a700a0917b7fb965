import { useEffect } from 'react';
import { App } from 'antd';
import { useT } from '../i18n/context';
import { configureClient } from './client';
import { describeError } from './errors';

/**
 * The one place that shows request errors the caller did not handle. Keyed by error code so a
 * burst of identical failures (say, every list on a page after the network drops) shows once.
 */
export function ClientErrorBridge() {
  const { message } = App.useApp();
  const t = useT();
  useEffect(
    () =>
      configureClient({
        notifyError: (error) => void message.error({ key: error.code, content: describeError(error, t) }),
      }),
    [message, t],
  );
  return null;
}
