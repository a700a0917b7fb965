import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { ConsoleAreaKey } from '@tongban/contracts';

export const AREA_ICONS: Record<ConsoleAreaKey, ReactNode> = {
  portal: <FileTextOutlined />,
  tasks: <CheckSquareOutlined />,
  cases: <FolderOpenOutlined />,
  items: <AppstoreOutlined />,
  designer: <ApartmentOutlined />,
  audit: <AuditOutlined />,
  calendar: <CalendarOutlined />,
  admin: <SettingOutlined />,
};
