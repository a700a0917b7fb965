import { useEffect } from 'react';
import { Card, Empty, Typography } from 'antd';
import { CONSOLE_AREAS, type ConsoleAreaKey } from '@tongban/contracts';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { pickLabel } from '../i18n/translate';

/** The honest state of an area whose work is not built yet: what it will hold, and no data. */
export function AreaEmptyState({ areaKey }: { areaKey: ConsoleAreaKey }) {
  const { locale, t } = useI18n();
  const area = CONSOLE_AREAS.find((candidate) => candidate.key === areaKey);
  const title = area ? pickLabel(area.label, locale) : areaKey;
  const description: MessageKey = `area.${areaKey}.description`;

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);

  return (
    <section aria-labelledby={`area-${areaKey}-title`} data-testid={`area-${areaKey}`}>
      <Typography.Title id={`area-${areaKey}-title`} level={1} style={{ fontSize: 24 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t(description)}</Typography.Paragraph>
      <Card>
        <Empty description={t('area.empty')} />
      </Card>
    </section>
  );
}
