import type { Api } from '../api';
import { useI18n } from '../i18n';
import { vietnamToday } from '../format';
import { useAsync } from '../components/ui';

/** The part of `GET /api/v1/calendar/{year}` the warning needs. */
interface CalendarYear {
  year: number;
  decisionsRecorded: boolean;
  warning: { vi: string; en: string } | null;
  holidays: Array<{ date: string; name: { vi: string; en: string }; estimate: boolean }>;
}

/**
 * For the administrator: a warning when the coming year (the Vietnam year of `today` plus one)
 * has no recorded Government decision on its holidays, listing the Tết and 2 September days
 * that are estimates ("ước tính") until the decision is entered.
 */
export function CalendarDecisionWarning({ api, today = vietnamToday() }: { api: Api; today?: string }) {
  const { t, lang, date } = useI18n();
  const year = Number(today.slice(0, 4)) + 1;
  const calendar = useAsync(() => api.get<CalendarYear>(`/api/v1/calendar/${year}`), [api, year]);
  const data = calendar.data;
  if (!data || data.decisionsRecorded || !data.warning) {
    return null;
  }
  const estimates = data.holidays.filter((h) => h.estimate);
  return (
    <section className="warning" role="status" aria-labelledby="calendar-warning-h" data-testid="calendar-warning">
      <h2 id="calendar-warning-h">{t('calendar.warning.title', { year })}</h2>
      <p>{data.warning[lang]}</p>
      {estimates.length ? (
        <ul>
          {estimates.map((h) => (
            <li key={h.date}>
              {date(h.date)}: {h.name[lang]}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
