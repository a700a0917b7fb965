import { useState } from 'react';
import { Input } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { useT } from '../i18n/context';

/** The search box of every list: reports the trimmed query on Enter or on the button. */
export function ListSearch({
  testId,
  placeholder,
  onSearch,
  maxWidth = 420,
}: {
  testId: string;
  placeholder: string;
  onSearch: (query: string) => void;
  maxWidth?: number;
}) {
  const t = useT();
  const [value, setValue] = useState('');
  return (
    <Input.Search
      allowClear
      data-testid={testId}
      placeholder={placeholder}
      enterButton={t('common.search')}
      value={value}
      onChange={(event) => setValue(event.target.value)}
      onSearch={(query) => onSearch(query.trim())}
      style={{ maxWidth }}
    />
  );
}

/** Server-side paging, the same in every list: fixed page size, the total shown. */
export function usePaging(
  page: number,
  pageSize: number,
  total: number,
  onChange: (page: number) => void,
): TablePaginationConfig {
  const t = useT();
  return {
    current: page,
    pageSize,
    total,
    showSizeChanger: false,
    showTotal: (count) => t('common.total', { total: count }),
    onChange,
  };
}
