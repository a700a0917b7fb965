import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Radio, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { describeError, isApiError } from '../../api/errors';
import { AreaPage } from '../../components/AreaPage';
import { useI18n } from '../../i18n/context';
import { formFieldErrors } from '../admin/admin-rules';
import {
  beijingYear,
  countByKind,
  isKnownKind,
  KNOWN_KINDS,
  localDayBody,
  sourceValid,
  yearOptions,
  type CalendarDay,
} from './calendar-rules';
import { listExceptions, setLocalDay } from './calendar.api';

interface LocalForm {
  date?: { format: (pattern: string) => string };
  isWorkday: boolean;
  source?: string;
  note?: string;
}

const KIND_COLORS: Record<string, string> = { holiday: 'red', swapped_workday: 'orange', local: 'blue' };

/** The working calendar of a year (exceptions with their source) and local adjustments (system administrator). */
export default function CalendarPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<LocalForm>();
  const [year, setYear] = useState(() => beijingYear());
  const [days, setDays] = useState<CalendarDay[]>([]);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listExceptions(year, controller.signal)
      .then(setDays)
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [year, reload]);

  const save = async (values: LocalForm) => {
    const date = values.date?.format('YYYY-MM-DD');
    if (!date) return;
    setSaving(true);
    setError(null);
    try {
      await setLocalDay(
        date,
        localDayBody({ isWorkday: values.isWorkday, source: values.source ?? '', note: values.note }),
      );
      void message.success(t('calendar.saved', { date }));
      const savedYear = Number(date.slice(0, 4));
      if (savedYear !== year) setYear(savedYear);
      else setReload((n) => n + 1);
    } catch (cause) {
      setError(describeError(cause, t));
      if (isApiError(cause)) {
        const fields = ['isWorkday', 'source', 'note'] as const;
        const problems = formFieldErrors(cause.details, fields);
        form.setFields(
          fields.filter((name) => problems[name]).map((name) => ({ name, errors: [problems[name] ?? ''] })),
        );
      }
    } finally {
      setSaving(false);
    }
  };

  const kindLabel = (kind: string) => (isKnownKind(kind) ? t(`calendar.kind.${kind}`) : kind);
  const counts = countByKind(days);
  const columns: ColumnsType<CalendarDay> = [
    { title: t('calendar.col.date'), dataIndex: 'date' },
    {
      title: t('calendar.col.workday'),
      dataIndex: 'isWorkday',
      render: (isWorkday: boolean) =>
        isWorkday ? <Tag color="green">{t('calendar.workday')}</Tag> : <Tag>{t('calendar.restday')}</Tag>,
    },
    {
      title: t('calendar.col.kind'),
      dataIndex: 'kind',
      render: (kind: string) => <Tag color={KIND_COLORS[kind]}>{kindLabel(kind)}</Tag>,
    },
    { title: t('calendar.col.source'), dataIndex: 'source' },
    { title: t('calendar.col.note'), dataIndex: 'note', render: (note: string | null) => note ?? '—' },
  ];

  return (
    <AreaPage areaKey="calendar">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <span>{t('calendar.year')}</span>
        <Select<number>
          data-testid="calendar-year"
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={yearOptions(beijingYear()).map((y) => ({ value: y, label: String(y) }))}
        />
        <Button onClick={() => setReload((n) => n + 1)}>{t('common.refresh')}</Button>
        {KNOWN_KINDS.map((kind) => (
          <Tag key={kind} color={KIND_COLORS[kind]}>
            {kindLabel(kind)}: {counts[kind] ?? 0}
          </Tag>
        ))}
      </Flex>
      <Table<CalendarDay>
        rowKey="date"
        size="middle"
        data-testid="calendar-table"
        loading={loading}
        columns={columns}
        dataSource={days}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('calendar.empty') }}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
      />
      <Card title={t('calendar.setLocal')} size="small" style={{ marginTop: 16, maxWidth: 640 }}>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="calendar-error" />
        )}
        <Form<LocalForm>
          form={form}
          layout="vertical"
          data-testid="calendar-form"
          initialValues={{ isWorkday: false }}
          onFinish={(values) => void save(values)}
        >
          <Form.Item
            name="date"
            label={t('calendar.date')}
            rules={[{ required: true, message: t('calendar.dateRequired') }]}
          >
            <DatePicker data-testid="calendar-date" />
          </Form.Item>
          <Form.Item name="isWorkday" label={t('calendar.isWorkday')}>
            <Radio.Group
              data-testid="calendar-is-workday"
              options={[
                { value: true, label: t('calendar.workday') },
                { value: false, label: t('calendar.restday') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="source"
            label={t('calendar.source')}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  sourceValid(value) ? Promise.resolve() : Promise.reject(new Error(t('calendar.sourceRule'))),
              },
            ]}
          >
            <Input data-testid="calendar-source" maxLength={200} />
          </Form.Item>
          <Form.Item name="note" label={t('calendar.note')}>
            <Input.TextArea data-testid="calendar-note" rows={2} maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="calendar-submit">
            {t('common.submit')}
          </Button>
        </Form>
      </Card>
    </AreaPage>
  );
}
