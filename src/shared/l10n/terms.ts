import { english, msg, type Localizer } from './localizer';

/**
 * The small closed vocabularies shown beside the numbers: risk grades, confidence levels, finding and
 * resource statuses. The ids stay as they are in RESULT.json; these are their words in a language.
 */
const GRADES: Record<string, string> = {
  low: msg('low'), medium: msg('medium'), high: msg('high'), critical: msg('critical'), unknown: msg('unknown'),
};
const STATUSES: Record<string, string> = {
  ok: msg('ok'), warning: msg('warning'), problem: msg('problem'), unknown: msg('unknown'), warn: msg('warn'), critical: msg('critical'),
};

const word = (table: Record<string, string>, id: string, l: Localizer): string => (Object.hasOwn(table, id) ? l.t(table[id]) : id);

/** A risk grade (`critical`) or confidence level (`high`) in words. */
export const gradeName = (grade: string, l: Localizer = english): string => word(GRADES, grade, l);
/** A finding status (`problem`) or beancounter severity (`warn`) in words. */
export const statusName = (status: string, l: Localizer = english): string => word(STATUSES, status, l);
