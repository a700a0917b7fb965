import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Empty, Flex, Input, Segmented, Spin, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/context';
import { getCatalogue, listItems, type ItemCatalogue, type ItemSummary } from '../items/items.api';
import { ItemCard } from './ItemCard';
import { PublicShell } from './PublicShell';
import {
  itemFilter,
  parseServicesQuery,
  servicesSearch,
  SERVICES_PATH,
  type Audience,
  type Browse,
  type ServicesQuery,
} from './portal-rules';

/** A theme or department to narrow the list to; a toggle button, so keyboards and screen readers reach it. */
function GroupButton(props: { pressed: boolean; onClick: () => void; testId: string; label: string; count?: number }) {
  return (
    <Button
      shape="round"
      autoInsertSpace={false}
      size="small"
      type={props.pressed ? 'primary' : 'default'}
      aria-pressed={props.pressed}
      onClick={props.onClick}
      data-testid={props.testId}
    >
      {props.label}
      {props.count !== undefined && <span style={{ opacity: 0.7, marginInlineStart: 4 }}>{props.count}</span>}
    </Button>
  );
}

/**
 * 办事服务: the published items for persons (个人办事) or legal persons (法人办事), by theme or by
 * department, searchable by name. Public; the state lives in the address.
 */
export default function ServicesPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { search } = useLocation();
  const query = parseServicesQuery(search);
  const [catalogue, setCatalogue] = useState<ItemCatalogue | null>(null);
  const [items, setItems] = useState<ItemSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [text, setText] = useState(query.q);

  const go = (next: Partial<ServicesQuery>) =>
    void navigate({ pathname: SERVICES_PATH, search: servicesSearch({ ...query, ...next }) });

  useEffect(() => {
    const controller = new AbortController();
    setCatalogue(null);
    getCatalogue(query.audience, controller.signal)
      .then(setCatalogue)
      .catch(() => undefined);
    return () => controller.abort();
  }, [query.audience]);

  const filterKey = JSON.stringify(itemFilter(query));
  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    setFailed(false);
    listItems(JSON.parse(filterKey) as ReturnType<typeof itemFilter>, controller.signal)
      .then(setItems)
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setFailed(Boolean(error));
      });
    return () => controller.abort();
  }, [filterKey]);

  useEffect(() => setText(query.q), [query.q]);

  const groups =
    query.by === 'theme'
      ? (catalogue?.themes ?? []).map((g) => ({
          code: g.code,
          name: locale === 'en' ? g.nameEn : g.name,
          count: g.count,
        }))
      : (catalogue?.departments ?? []);
  const visibleGroups = groups.filter((g) => g.count > 0 || g.code === query.group);

  return (
    <PublicShell title={t('services.title')}>
      <Flex vertical gap={12} data-testid="services">
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('services.title')}
        </Typography.Title>
        <Segmented<Audience>
          block
          data-testid="audience"
          value={query.audience}
          onChange={(audience) => go({ audience, group: '' })}
          options={[
            { value: 'person', label: t('services.person') },
            { value: 'legal', label: t('services.legal') },
          ]}
        />
        <Input.Search
          allowClear
          value={text}
          maxLength={100}
          placeholder={t('services.searchPlaceholder')}
          aria-label={t('services.searchPlaceholder')}
          data-testid="services-search"
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value === '' && query.q) go({ q: '' });
          }}
          onSearch={(value) => go({ q: value })}
        />
        <Tabs
          activeKey={query.by}
          onChange={(by) => go({ by: by as Browse, group: '' })}
          size="small"
          style={{ marginBottom: -8 }}
          items={[
            { key: 'theme', label: <span data-testid="by-theme">{t('services.byTheme')}</span> },
            { key: 'department', label: <span data-testid="by-department">{t('services.byDepartment')}</span> },
          ]}
        />
        <Flex
          wrap
          gap={6}
          data-testid="groups"
          role="group"
          aria-label={t(query.by === 'theme' ? 'services.byTheme' : 'services.byDepartment')}
        >
          <GroupButton
            pressed={!query.group}
            onClick={() => go({ group: '' })}
            testId="group-all"
            label={t('services.all')}
          />
          {visibleGroups.map((g) => (
            <GroupButton
              key={g.code}
              pressed={query.group === g.code}
              onClick={() => go({ group: query.group === g.code ? '' : g.code })}
              testId={`group-${g.code}`}
              label={g.name}
              count={g.count}
            />
          ))}
        </Flex>
        {failed && <Alert type="error" showIcon title={t('services.loadFailed')} />}
        {items === null && !failed ? (
          <Spin style={{ display: 'block', margin: '32px auto' }} />
        ) : (
          <Flex vertical gap={8} data-testid="item-list">
            <Typography.Text type="secondary" data-testid="item-count">
              {t('services.count', { count: items?.length ?? 0 })}
            </Typography.Text>
            {(items ?? []).length === 0 ? (
              <Empty description={t('services.empty')} />
            ) : (
              (items ?? []).map((item) => <ItemCard key={item.code} item={item} />)
            )}
          </Flex>
        )}
      </Flex>
    </PublicShell>
  );
}
