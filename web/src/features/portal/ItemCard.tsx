import { Link } from 'react-router-dom';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { FileTextOutlined, FormOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/context';
import { loginHref } from '../auth/redirect';
import { useSession } from '../auth/session-context';
import type { ItemSummary } from '../items/items.api';
import { applyAccess, applyPath, serviceGuidePath } from './portal-rules';

/** The time limit and channel facts of an item, as tags (即办件 / 承诺时限, 全程网办, 到现场次数). */
export function ItemFacts({ item }: { item: ItemSummary }) {
  const t = useT();
  const unit = item.dayUnit === 'natural' ? 'services.naturalDays' : 'apply.days';
  return (
    <Flex wrap gap={4}>
      {item.caseType === 'instant' ? (
        <Tag color="success">{t('apply.instant')}</Tag>
      ) : (
        <Tag color="blue">{t('services.promised', { days: t(unit, { days: item.promisedDays }) })}</Tag>
      )}
      {item.online && <Tag color="cyan">{t('services.online')}</Tag>}
      {item.onsiteVisits === 0 ? (
        <Tag color="green">{t('services.zeroVisits')}</Tag>
      ) : (
        <Tag color="orange">{t('services.visits', { count: item.onsiteVisits })}</Tag>
      )}
    </Flex>
  );
}

/** The way to apply from a list or a guide: sign in first for a visitor, nothing for staff. */
export function ApplyButton({ item, block }: { item: ItemSummary; block?: boolean }) {
  const t = useT();
  const { user } = useSession();
  const access = applyAccess(user, item.audience);
  if (access === 'notApplicant') return null;
  const target = access === 'login' ? loginHref(applyPath(item.code)) : applyPath(item.code);
  const label = access === 'login' ? t('services.loginToApply') : t('services.applyOnline');
  if (access === 'wrongAudience') {
    return (
      <Typography.Text type="secondary" data-testid={`apply-unavailable-${item.code}`}>
        {t('services.wrongAudience')}
      </Typography.Text>
    );
  }
  return (
    <Link to={target} style={block ? { flex: 1 } : undefined}>
      <Button type="primary" icon={<FormOutlined />} block={block} data-testid={`apply-${item.code}`}>
        {label}
      </Button>
    </Link>
  );
}

/** One item in the portal's list: name, department, facts, the guide and the way to apply. */
export function ItemCard({ item }: { item: ItemSummary }) {
  const t = useT();
  return (
    <Card size="small" data-testid={`item-${item.code}`} styles={{ body: { padding: 12 } }}>
      <Flex vertical gap={8}>
        <Link to={serviceGuidePath(item.code)} data-testid={`item-name-${item.code}`}>
          <Typography.Text strong style={{ fontSize: 16, color: 'inherit' }}>
            {item.name}
          </Typography.Text>
        </Link>
        <Typography.Text type="secondary">{item.department.name}</Typography.Text>
        <ItemFacts item={item} />
        <Flex gap={8} wrap>
          <Link to={serviceGuidePath(item.code)} style={{ flex: 1 }}>
            <Button icon={<FileTextOutlined />} block data-testid={`guide-${item.code}`}>
              {t('services.guide')}
            </Button>
          </Link>
          <ApplyButton item={item} block />
        </Flex>
      </Flex>
    </Card>
  );
}
