import { useI18n } from '../i18n';
import type { Api, PlanDetail } from '../api';
import { ErrorBox, Loading, useAsync } from '../components/ui';

const PLAN = 'plan-nq06-thanh-hoa';

/** Section V today: each duty, how many agencies in force owe it, which ones, or why none. */
export function Plan({ api }: { api: Api }) {
  const { t, pick } = useI18n();
  const plan = useAsync(() => api.get<PlanDetail>(`/api/v1/plans/${PLAN}`), [api]);
  if (plan.error) {
    return <ErrorBox error={plan.error} />;
  }
  if (!plan.data) {
    return <Loading />;
  }
  const [y, m, d] = plan.data.asOf.split('-');
  return (
    <>
      <h1>{t('plan.title')}</h1>
      <p>{pick(plan.data.title)}</p>
      <p>{t('plan.asOf', { date: `${d}/${m}/${y}` })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('plan.duty')}</th>
            <th scope="col">{t('plan.clause')}</th>
            <th scope="col">{t('plan.count')}</th>
            <th scope="col">{t('plan.agencies')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.data.duties.map((duty) => (
            <tr key={duty.code} data-duty={duty.code}>
              <th scope="row">{pick(duty.spec.title)}</th>
              <td>{duty.clause}</td>
              <td className="num">{duty.addresseesToday}</td>
              <td>
                {duty.addresseesToday === 0 ? (
                  <span className="reason">
                    {t('plan.reason')}: {pick(duty.noAddresseeReason)}
                  </span>
                ) : (
                  <details>
                    <summary>{t('plan.show', { count: duty.addresseesToday })}</summary>
                    <ul>
                      {duty.addressees.map((a) => (
                        <li key={a.code}>{a.name}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
