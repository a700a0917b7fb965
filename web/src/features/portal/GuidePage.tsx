import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Collapse, Descriptions, Flex, List, Result, Spin, Steps, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/errors';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { getItem, type ItemGuide, type ItemMaterial } from '../items/items.api';
import { ApplyButton, ItemFacts } from './ItemCard';
import { PublicShell } from './PublicShell';
import { materialCopies, SERVICES_PATH } from './portal-rules';

const CHANNEL_KEYS: Record<string, MessageKey> = {
  '1': 'guide.channel.1',
  '2': 'guide.channel.2',
  '3': 'guide.channel.3',
  '4': 'guide.channel.4',
  '9': 'guide.channel.9',
};
/** GB/T 39046 table A.1 item types, each with a `guide.type.<code>` text. */
const ITEM_TYPES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20'];

const FORM_KEYS: Record<string, MessageKey> = {
  paper: 'guide.form.paper',
  electronic: 'guide.form.electronic',
  both: 'guide.form.both',
};

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Card title={title} size="small" data-testid={testId} style={{ breakInside: 'avoid' }}>
      {children}
    </Card>
  );
}

function MaterialRow({ material }: { material: ItemMaterial }) {
  const { t } = useI18n();
  const { originals, copies } = materialCopies(material);
  const facts = [
    material.form && FORM_KEYS[material.form] ? t(FORM_KEYS[material.form] as MessageKey) : null,
    originals ? t('guide.originals', { count: originals }) : null,
    copies ? t('guide.copies', { count: copies }) : null,
    material.source ?? null,
  ].filter(Boolean);
  return (
    <List.Item data-testid={`guide-material-${material.code}`}>
      <Flex vertical gap={4} style={{ width: '100%' }}>
        <Flex justify="space-between" gap={8} align="start">
          <Typography.Text strong>{material.name}</Typography.Text>
          <Tag color={material.required ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
            {material.required ? t('common.required') : t('common.optional')}
          </Tag>
        </Flex>
        {facts.length > 0 && <Typography.Text type="secondary">{facts.join(' · ')}</Typography.Text>}
        {material.issuingBody && (
          <Typography.Text type="secondary">{t('guide.issuingBody', { body: material.issuingBody })}</Typography.Text>
        )}
        {material.notes && <Typography.Text type="secondary">{material.notes}</Typography.Text>}
        {material.blankForm && <Tag style={{ alignSelf: 'flex-start' }}>{t('guide.blankForm')}</Tag>}
      </Flex>
    </List.Item>
  );
}

const tel = (phone: string) => (
  <a href={`tel:${phone.replace(/[^\d+]/g, '')}`} style={{ whiteSpace: 'nowrap' }}>
    {phone}
  </a>
);

/** 办事指南: every published field of one item, public, for a phone and for print; the way to apply. */
export default function GuidePage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const [item, setItem] = useState<ItemGuide | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setItem(null);
    setMissing(false);
    getItem(code, { signal: controller.signal, silent: true })
      .then(setItem)
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setMissing(isApiError(error) ? error.status === 404 : true);
      });
    return () => controller.abort();
  }, [code]);

  const back = (
    <Link to={SERVICES_PATH} className="tb-no-print">
      <Button icon={<ArrowLeftOutlined />} type="text" size="small">
        {t('services.title')}
      </Button>
    </Link>
  );

  if (missing) {
    return (
      <PublicShell title={t('guide.title')}>
        {back}
        <Result status="404" subTitle={t('guide.notFound')} data-testid="guide-not-found" />
      </PublicShell>
    );
  }
  if (!item) {
    return (
      <PublicShell title={t('guide.title')}>
        <Spin style={{ display: 'block', margin: '64px auto' }} />
      </PublicShell>
    );
  }

  const g = item.guide;
  const days = (n: number) => t(item.dayUnit === 'natural' ? 'services.naturalDays' : 'apply.days', { days: n });
  const fee = g.fee;

  return (
    <PublicShell title={item.name}>
      <Flex vertical gap={12} data-testid="guide">
        {back}
        <Flex vertical gap={8}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }} data-testid="guide-title">
            {item.name}
          </Typography.Title>
          <Typography.Text type="secondary">{item.department.name}</Typography.Text>
          <ItemFacts item={item} />
          <Flex gap={8} wrap className="tb-no-print">
            <ApplyButton item={item} />
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="guide-print">
              {t('guide.print')}
            </Button>
          </Flex>
        </Flex>

        <Section title={t('guide.basics')} testId="guide-basics">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('guide.implementationCode')}>
              <span style={{ wordBreak: 'break-all' }}>{item.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('guide.itemType')}>
              {ITEM_TYPES.includes(item.type) ? t(`guide.type.${item.type}` as MessageKey) : item.type}
            </Descriptions.Item>
            <Descriptions.Item label={t('apply.department')}>{item.department.name}</Descriptions.Item>
            {g.coBodies && g.coBodies.length > 0 && (
              <Descriptions.Item label={t('guide.coBodies')}>{g.coBodies.join('、')}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('guide.audience')}>
              {item.audience.map((a) => t(a === 'legal' ? 'services.legal' : 'services.person')).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('guide.caseType')}>
              {t(item.caseType === 'instant' ? 'apply.instant' : 'guide.promisedCase')}
            </Descriptions.Item>
            {g.channels && g.channels.length > 0 && (
              <Descriptions.Item label={t('guide.channels')}>
                {g.channels.map((c) => (CHANNEL_KEYS[c] ? t(CHANNEL_KEYS[c]) : c)).join('、')}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('apply.onsiteVisits')}>
              {item.onsiteVisits}
              {g.onsiteReason ? `（${g.onsiteReason}）` : ''}
            </Descriptions.Item>
            {g.appointment !== undefined && (
              <Descriptions.Item label={t('guide.appointment')}>
                {t(g.appointment ? 'guide.yes' : 'guide.no')}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Section>

        {g.legalBasis && (
          <Section title={t('apply.legalBasis')} testId="guide-basis">
            <Typography.Paragraph style={{ margin: 0 }}>{g.legalBasis}</Typography.Paragraph>
          </Section>
        )}
        {g.acceptanceConditions && (
          <Section title={t('apply.conditions')} testId="guide-conditions">
            <Typography.Paragraph style={{ margin: 0 }}>{g.acceptanceConditions}</Typography.Paragraph>
          </Section>
        )}

        <Section title={t('apply.materials')} testId="guide-materials">
          <List
            size="small"
            dataSource={item.materials}
            renderItem={(m) => <MaterialRow key={m.code} material={m} />}
          />
        </Section>

        <Section title={t('guide.timeLimits')} testId="guide-time">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('apply.legalDays')}>
              {days(item.legalDays)}
              {g.legalDaysNote && <Typography.Text type="secondary">（{g.legalDaysNote}）</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('apply.promisedDays')}>
              {item.caseType === 'instant' ? t('apply.instant') : days(item.promisedDays)}
              {g.promisedDaysNote && item.caseType !== 'instant' && (
                <Typography.Text type="secondary">（{g.promisedDaysNote}）</Typography.Text>
              )}
            </Descriptions.Item>
            {g.specialProcedure && (
              <Descriptions.Item label={t('guide.specialProcedure')}>{g.specialProcedure}</Descriptions.Item>
            )}
          </Descriptions>
        </Section>

        {(g.steps?.length || g.process) && (
          <Section title={t('guide.process')} testId="guide-process">
            {g.steps?.length ? (
              <Steps
                orientation="vertical"
                size="small"
                current={-1}
                items={g.steps.map((step) => ({
                  title: step.name,
                  content: [step.description, step.timeLimit].filter(Boolean).join(' · '),
                }))}
              />
            ) : (
              <Typography.Paragraph style={{ margin: 0 }}>{g.process}</Typography.Paragraph>
            )}
          </Section>
        )}

        <Section title={t('guide.fees')} testId="guide-fees">
          {fee?.charged ? (
            <Flex vertical gap={4}>
              {(fee.items ?? []).map((f) => (
                <Typography.Text key={f.name}>
                  {f.name}：{f.standard}
                </Typography.Text>
              ))}
              {fee.basis && (
                <Typography.Text type="secondary">{t('guide.feeBasis', { basis: fee.basis })}</Typography.Text>
              )}
            </Flex>
          ) : (
            <Typography.Text>{t('guide.free')}</Typography.Text>
          )}
        </Section>

        <Section title={t('guide.whereWhen')} testId="guide-where">
          <Descriptions size="small" column={1}>
            {g.location && <Descriptions.Item label={t('apply.location')}>{g.location}</Descriptions.Item>}
            {g.hours && <Descriptions.Item label={t('apply.hours')}>{g.hours}</Descriptions.Item>}
            {g.consultPhone && <Descriptions.Item label={t('apply.phone')}>{tel(g.consultPhone)}</Descriptions.Item>}
            {g.complaintPhone && (
              <Descriptions.Item label={t('guide.complaintPhone')}>{tel(g.complaintPhone)}</Descriptions.Item>
            )}
          </Descriptions>
        </Section>

        {((g.results?.length ?? 0) > 0 || (g.delivery?.length ?? 0) > 0) && (
          <Section title={t('guide.results')} testId="guide-results">
            <Descriptions size="small" column={1}>
              {(g.results ?? []).map((r) => (
                <Descriptions.Item key={r.name} label={r.type}>
                  {r.name}
                </Descriptions.Item>
              ))}
              {g.delivery && g.delivery.length > 0 && (
                <Descriptions.Item label={t('guide.delivery')}>{g.delivery.join('、')}</Descriptions.Item>
              )}
            </Descriptions>
          </Section>
        )}

        {g.faq && g.faq.length > 0 && (
          <Section title={t('guide.faq')} testId="guide-faq">
            <Collapse
              ghost
              size="small"
              items={g.faq.map((entry, index) => ({
                key: String(index),
                label: entry.question,
                children: <Typography.Paragraph style={{ margin: 0 }}>{entry.answer}</Typography.Paragraph>,
              }))}
            />
          </Section>
        )}

        <Flex className="tb-no-print" justify="center">
          <ApplyButton item={item} />
        </Flex>
      </Flex>
    </PublicShell>
  );
}
