import { useEffect, type ReactNode } from 'react';
import { Flex, Typography } from 'antd';
import { CONSOLE_AREAS, type ConsoleAreaKey } from '@tongban/contracts';
import { useI18n } from '../i18n/context';
import { pickLabel } from '../i18n/translate';

/** The frame of an area page: its title (also the document title) and the stable `area-<key>` test id. */
export function AreaPage({
  areaKey,
  title,
  extra,
  children,
}: {
  areaKey: ConsoleAreaKey;
  title?: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { locale, t } = useI18n();
  const area = CONSOLE_AREAS.find((candidate) => candidate.key === areaKey);
  const heading = title ?? (area ? pickLabel(area.label, locale) : areaKey);

  useEffect(() => {
    document.title = `${heading} · ${t('app.name')}`;
  }, [heading, t]);

  return (
    <section aria-labelledby={`area-${areaKey}-title`} data-testid={`area-${areaKey}`}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title id={`area-${areaKey}-title`} level={1} style={{ fontSize: 24, margin: 0 }}>
          {heading}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}
