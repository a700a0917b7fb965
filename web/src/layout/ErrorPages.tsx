import { useNavigate } from 'react-router-dom';
import { Button, Result } from 'antd';
import { useSession } from '../features/auth/session-context';
import { useT } from '../i18n/context';
import { firstAllowedPath } from '../routes/table';

function BackButton() {
  const t = useT();
  const { user } = useSession();
  const navigate = useNavigate();
  const target = user ? firstAllowedPath(user.roles) : '/';
  return (
    <Button type="primary" onClick={() => navigate(target)}>
      {target === '/' ? t('page.backHome') : t('page.backToConsole')}
    </Button>
  );
}

export function ForbiddenPage() {
  const t = useT();
  return <Result status="403" title="403" subTitle={t('page.forbidden')} extra={<BackButton />} />;
}

export function NotFoundPage() {
  const t = useT();
  return <Result status="404" title="404" subTitle={t('page.notFound')} extra={<BackButton />} />;
}
