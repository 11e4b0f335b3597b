// ODSQL errors name the clause, as ODS words them ("Clause(s) containing the error(s): where."),
// and the column (from 1) of the clause's text where it went wrong.
import { AppError } from '../../errors.js';

export type Clause = 'select' | 'where' | 'group_by' | 'order_by' | 'refine' | 'exclude' | 'facet' | 'q';

export function odsqlError(clause: Clause, position: number, detail: string, detailFr: string): AppError {
  return new AppError('ODSQL_ERROR', { detail, detail_fr: detailFr, clause }, { parameter: clause, column: position + 1 });
}
