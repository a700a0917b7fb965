import { Tag } from 'antd';
import { useT } from '../i18n/context';
import { isSlaLevel, slaColor } from './sla';

/** The red/yellow/green time-limit card; nothing when the case has no running clock. */
export function SlaTag({ sla }: { sla: unknown }) {
  const t = useT();
  const color = slaColor(sla);
  if (!color || !isSlaLevel(sla)) return null;
  return (
    <Tag color={color} data-testid={`sla-${sla}`}>
      {t(`sla.${sla}`)}
    </Tag>
  );
}
