import { useCallback, useEffect, useState } from 'react';
import { App, Button, Flex, Select, Space, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { areasForRoles, ROLE_LABELS, type Role } from '@tongban/contracts';
import { describeError } from '../../api/errors';
import { ListSearch, usePaging } from '../../components/ListControls';
import { AreaPage } from '../../components/AreaPage';
import { useI18n } from '../../i18n/context';
import { pickLabel } from '../../i18n/translate';
import { useCurrentUser } from '../auth/session-context';
import type { Page } from '../tasks/tasks.api';
import { canCreateUser, userActions } from './admin-rules';
import {
  departmentHeadcount,
  listDepartments,
  listRoles,
  listUsers,
  patchUser,
  type Department,
  type RoleInfo,
  type UserRow,
} from './admin.api';
import { CreateUserDialog, departmentOptions, EditUserDialog, useRoleOptions, type EditMode } from './UserDialogs';

const PAGE_SIZE = 20;
type AdminTab = 'users' | 'departments' | 'roles';
/** The users list opened from an overview: everybody of one role or one department. */
type UserScope = { role?: Role; department?: string };

/** 用户 / 部门 / 角色 of the system and security administrators (separated duties). */
export default function AdminPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<AdminTab>('users');
  const [departments, setDepartments] = useState<Department[]>([]);
  const [departmentsLoading, setDepartmentsLoading] = useState(true);
  const [scope, setScope] = useState<UserScope>({});
  const [scopeKey, setScopeKey] = useState(0);
  const showUsers = (next: UserScope) => {
    setScope(next);
    setScopeKey((n) => n + 1);
    setTab('users');
  };

  useEffect(() => {
    const controller = new AbortController();
    listDepartments(controller.signal)
      .then(setDepartments)
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setDepartmentsLoading(false);
      });
    return () => controller.abort();
  }, []);

  return (
    <AreaPage areaKey="admin">
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as AdminTab)}
        items={[
          {
            key: 'users',
            label: <span data-testid="admin-tab-users">{t('admin.tab.users')}</span>,
            children: <UsersTab key={scopeKey} departments={departments} scope={scope} />,
          },
          {
            key: 'departments',
            label: <span data-testid="admin-tab-departments">{t('admin.tab.departments')}</span>,
            children: (
              <DepartmentsTab
                departments={departments}
                loading={departmentsLoading}
                onShowUsers={(department) => showUsers({ department })}
              />
            ),
          },
          {
            key: 'roles',
            label: <span data-testid="admin-tab-roles">{t('admin.tab.roles')}</span>,
            children: <RolesTab onShowUsers={(role) => showUsers({ role })} />,
          },
        ]}
      />
    </AreaPage>
  );
}

function UsersTab({ departments, scope }: { departments: readonly Department[]; scope: UserScope }) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const me = useCurrentUser();
  const roleOptions = useRoleOptions();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>(scope.role);
  const [department, setDepartment] = useState<string | undefined>(scope.department);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<UserRow> | null>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<{ user: UserRow; mode: EditMode } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listUsers({ q: q || undefined, role, department, page, pageSize: PAGE_SIZE }, controller.signal)
      .then(setData)
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [q, role, department, page, reload]);

  const quickPatch = useCallback(
    (row: UserRow, body: { disabled?: boolean; unlock?: boolean }, question: string) => {
      modal.confirm({
        title: question,
        okText: t('common.submit'),
        cancelText: t('common.cancel'),
        onOk: async () => {
          setBusy(row.id);
          try {
            await patchUser(row.id, body);
            void message.success(t('admin.saved'));
          } catch (error) {
            void message.error(describeError(error, t));
          } finally {
            setBusy(null);
            setReload((n) => n + 1);
          }
        },
      });
    },
    [message, modal, t],
  );

  const columns: ColumnsType<UserRow> = [
    { title: t('admin.col.username'), dataIndex: 'username' },
    { title: t('admin.col.name'), dataIndex: 'name' },
    { title: t('admin.col.kind'), dataIndex: 'kind', render: (kind: UserRow['kind']) => t(`admin.kind.${kind}`) },
    {
      title: t('admin.col.roles'),
      dataIndex: 'roles',
      render: (roles: Role[]) =>
        roles.length === 0 ? (
          '—'
        ) : (
          <Flex gap={4} wrap>
            {roles.map((r) => (
              <Tag key={r} color="blue">
                {pickLabel(ROLE_LABELS[r], locale)}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t('admin.col.departments'),
      dataIndex: 'departments',
      render: (list: UserRow['departments']) => (list.length ? list.map((d) => d.name).join('、') : '—'),
    },
    {
      title: t('admin.col.disabled'),
      dataIndex: 'disabled',
      render: (disabled: boolean) => (disabled ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')),
    },
    {
      title: t('admin.col.locked'),
      dataIndex: 'locked',
      render: (locked: boolean) => (locked ? <Tag color="orange">{t('common.yes')}</Tag> : t('common.no')),
    },
    {
      title: t('col.actions'),
      key: 'actions',
      render: (_: unknown, row: UserRow) => (
        <Space wrap size={4}>
          {userActions(me.roles, row).map((action) => {
            const common = {
              size: 'small' as const,
              loading: busy === row.id,
              'data-testid': `user-${action}-${row.username}`,
            };
            switch (action) {
              case 'toggleDisabled':
                return (
                  <Button
                    key={action}
                    {...common}
                    danger={!row.disabled}
                    onClick={() =>
                      quickPatch(
                        row,
                        { disabled: !row.disabled },
                        t(row.disabled ? 'admin.confirmEnable' : 'admin.confirmDisable', { name: row.name }),
                      )
                    }
                  >
                    {t(row.disabled ? 'admin.enable' : 'admin.disable')}
                  </Button>
                );
              case 'unlock':
                return (
                  <Button
                    key={action}
                    {...common}
                    onClick={() => quickPatch(row, { unlock: true }, t('admin.confirmUnlock', { name: row.name }))}
                  >
                    {t('admin.unlock')}
                  </Button>
                );
              case 'departments':
              case 'roles':
              case 'resetPassword':
                return (
                  <Button key={action} {...common} onClick={() => setEditing({ user: row, mode: action })}>
                    {t(
                      action === 'roles'
                        ? 'admin.editRoles'
                        : action === 'departments'
                          ? 'admin.editDepartments'
                          : 'admin.resetPassword',
                    )}
                  </Button>
                );
            }
          })}
        </Space>
      ),
    },
  ];

  const paging = usePaging(page, PAGE_SIZE, data?.total ?? 0, setPage);
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <ListSearch
          testId="user-search"
          placeholder={t('admin.search')}
          maxWidth={360}
          onSearch={(query) => {
            setQ(query);
            setPage(1);
          }}
        />
        <Select<Role | ''>
          data-testid="user-role-filter"
          value={role ?? ''}
          onChange={(value) => {
            setRole(value || undefined);
            setPage(1);
          }}
          style={{ width: 180 }}
          options={[{ value: '', label: t('admin.allRoles') }, ...roleOptions]}
        />
        <Select<string>
          data-testid="user-department-filter"
          value={department ?? ''}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(value) => {
            setDepartment(value || undefined);
            setPage(1);
          }}
          style={{ width: 220 }}
          options={[{ value: '', label: t('admin.allDepartments') }, ...departmentOptions(departments)]}
        />
        <Button onClick={() => setReload((n) => n + 1)}>{t('common.refresh')}</Button>
        {canCreateUser(me.roles) && (
          <Button type="primary" data-testid="user-create" onClick={() => setCreating(true)}>
            {t('admin.create')}
          </Button>
        )}
      </Flex>
      <Table<UserRow>
        rowKey="id"
        size="middle"
        data-testid="users-table"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onRow={(row) => ({ 'data-testid': `user-row-${row.username}`, style: {} })}
        pagination={paging}
      />
      <CreateUserDialog
        open={creating}
        departments={departments}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void message.success(t('admin.create.done'));
          setReload((n) => n + 1);
        }}
      />
      <EditUserDialog
        user={editing?.user ?? null}
        mode={editing?.mode ?? 'roles'}
        departments={departments}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void message.success(t('admin.saved'));
          setReload((n) => n + 1);
        }}
      />
    </>
  );
}

function DepartmentsTab({
  departments,
  loading,
  onShowUsers,
}: {
  departments: readonly Department[];
  loading: boolean;
  onShowUsers: (department: string) => void;
}) {
  const { t } = useI18n();
  const [headcount, setHeadcount] = useState<Record<string, number> | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    departmentHeadcount(controller.signal)
      .then(setHeadcount)
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  const byCode = new Map(departments.map((d) => [d.code, d.name]));
  const columns: ColumnsType<Department> = [
    { title: t('admin.col.code'), dataIndex: 'code' },
    { title: t('admin.col.name'), dataIndex: 'name' },
    {
      title: t('admin.col.parent'),
      dataIndex: 'parentCode',
      render: (code: string | null) => (code ? `${byCode.get(code) ?? code} (${code})` : '—'),
    },
    { title: t('admin.col.level'), dataIndex: 'level' },
    {
      title: t('admin.col.users'),
      key: 'users',
      render: (_: unknown, row: Department) => (
        <Button
          type="link"
          size="small"
          data-testid={`department-users-${row.code}`}
          style={{ paddingInline: 0 }}
          onClick={() => onShowUsers(row.code)}
        >
          {headcount ? t('admin.usersCount', { count: headcount[row.code] ?? 0 }) : t('admin.showUsers')}
        </Button>
      ),
    },
  ];
  return (
    <Table<Department>
      rowKey="code"
      size="middle"
      data-testid="departments-table"
      loading={loading}
      columns={columns}
      dataSource={[...departments]}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
    />
  );
}

function RolesTab({ onShowUsers }: { onShowUsers: (role: Role) => void }) {
  const { t, locale } = useI18n();
  const [roles, setRoles] = useState<RoleInfo[]>([]);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    const controller = new AbortController();
    listRoles(controller.signal)
      .then(setRoles)
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, []);
  const columns: ColumnsType<RoleInfo> = [
    { title: t('admin.col.code'), dataIndex: 'code', render: (code: string) => <code>{code}</code> },
    { title: t('admin.col.nameZh'), dataIndex: 'name' },
    { title: t('admin.col.nameEn'), dataIndex: 'nameEn' },
    {
      title: t('admin.col.areas'),
      key: 'areas',
      render: (_: unknown, row: RoleInfo) => {
        const areas = areasForRoles([row.code]);
        return areas.length ? (
          <Flex gap={4} wrap>
            {areas.map((area) => (
              <Tag key={area.key}>{pickLabel(area.label, locale)}</Tag>
            ))}
          </Flex>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('admin.col.users'),
      dataIndex: 'users',
      render: (users: number | undefined, row: RoleInfo) => (
        <Button
          type="link"
          size="small"
          data-testid={`role-users-${row.code}`}
          style={{ paddingInline: 0 }}
          onClick={() => onShowUsers(row.code)}
        >
          {users === undefined ? t('admin.showUsers') : t('admin.usersCount', { count: users })}
        </Button>
      ),
    },
  ];
  return (
    <Table<RoleInfo>
      rowKey="code"
      size="middle"
      data-testid="roles-table"
      loading={loading}
      columns={columns}
      dataSource={roles}
      pagination={false}
    />
  );
}
