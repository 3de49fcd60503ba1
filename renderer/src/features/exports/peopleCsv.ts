import type { PersonRow } from '../../../../shared/domain/person';
import type { CsvTable } from './csvExport';

/** The people list as filtered on screen. */
export function peopleCsv(shown: readonly PersonRow[]): CsvTable {
  return {
    title: 'People',
    defaultName: 'people',
    columns: ['Name', 'Title', 'Business unit', 'Email', 'Owned roles'],
    rows: shown.map((p) => [p.name, p.title, p.businessUnit, p.email, p.ownedCount]),
  };
}
