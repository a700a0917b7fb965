import type { ReactNode } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { ClientErrorBridge } from './api/ClientErrorBridge';
import { SessionProvider } from './features/auth/SessionProvider';
import { useI18n } from './i18n/context';
import { I18nProvider } from './i18n/I18nProvider';
import { AppRoutes } from './routes/AppRoutes';

function AntdRoot({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN}>
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AntdRoot>
        <BrowserRouter>
          <SessionProvider>
            <ClientErrorBridge />
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntdRoot>
    </I18nProvider>
  );
}
