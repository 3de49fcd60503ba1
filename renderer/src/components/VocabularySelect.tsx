import type { SelectHTMLAttributes } from 'react';

interface VocabularySelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> {
  /** A closed vocabulary from shared/domain: the stored id and the label people read. */
  items: readonly { id: string; label: string }[];
}

/** A select over one of the domain's vocabularies. Extra props (id, aria-*) reach the select, so Field can label it. */
export function VocabularySelect({ items, className = 'select', ...rest }: VocabularySelectProps) {
  return (
    <select className={className} {...rest}>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {item.label}
        </option>
      ))}
    </select>
  );
}
