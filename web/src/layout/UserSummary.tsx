import { Flex, Tag, Typography } from 'antd';
import { ROLE_LABELS, type UserDto } from '@tongban/contracts';
import { useI18n } from '../i18n/context';
import { pickLabel } from '../i18n/translate';

/** Roles and departments of the signed-in user; in the header on wide screens, in the drawer on narrow ones. */
export function UserSummary({ user, vertical = false }: { user: UserDto; vertical?: boolean }) {
  const { locale, t } = useI18n();
  const departments = user.departments.map((department) => department.name).join('、');
  return (
    <Flex vertical={vertical} gap={vertical ? 4 : 8} align={vertical ? 'flex-start' : 'center'} wrap>
      <Flex gap={4} wrap aria-label={t('layout.roles')} data-testid="current-roles">
        {user.roles.map((role) => (
          <Tag key={role} color="blue" style={{ marginInlineEnd: 0 }}>
            {pickLabel(ROLE_LABELS[role], locale)}
          </Tag>
        ))}
      </Flex>
      {departments && (
        <Typography.Text type="secondary" aria-label={t('layout.departments')} data-testid="current-departments">
          {departments}
        </Typography.Text>
      )}
    </Flex>
  );
}
