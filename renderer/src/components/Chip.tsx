import type { ReactNode } from 'react';

/** A small label. "warning" marks something a program manager must act on (a missing owner). */
export function Chip({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: 'neutral' | 'warning' | 'danger' | 'ok' | 'accent';
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`chip chip-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function MissingChip({ role }: { role?: string }) {
  return (
    <Chip tone="warning" title={role ? `No ${role} assigned` : 'Not assigned'}>
      Missing
    </Chip>
  );
}
