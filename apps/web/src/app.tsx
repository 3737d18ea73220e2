import { useCallback, useEffect, useMemo, useState } from 'react';
import { Api, type AccessToken, type IctDepartment } from './api';
import { I18nProvider, LanguageSwitch, useI18n } from './i18n';
import { AgencyApp } from './agency/agency-app';
import { Login } from './staff/login';
import { Overview } from './staff/overview';
import { CalendarDecisionWarning } from './staff/calendar-warning';
import { Matrix } from './staff/matrix';
import { Overdue } from './staff/overdue';
import { Reviews } from './staff/reviews';
import { AssignmentView } from './staff/assignment-view';
import { Requests } from './staff/requests';
import { Agencies } from './staff/agencies';
import { Reports } from './staff/reports';
import { Plan } from './staff/plan';
import { FailedEmails } from './staff/failed-emails';
import { useAsync } from './components/ui';
import type { MessageKey } from './messages';

/** Agencies arrive on /r/<token> from an email; everyone else gets the staff dashboard. */
export function App() {
  const match = /^\/r\/([^/]+)\/?$/.exec(window.location.pathname);
  return <I18nProvider>{match ? <AgencyApp token={decodeURIComponent(match[1])} /> : <StaffApp />}</I18nProvider>;
}

interface Session {
  token: string;
  email: string;
  role: string;
}

const SESSION_KEY = 'dondoc.session';
const REFRESH_EVERY_MS = 5 * 60_000;

function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The dashboard's pages, addressed by the URL hash so that links and the back button work. */
const ROUTES: Array<{ hash: string; label: MessageKey }> = [
  { hash: '#/', label: 'nav.overview' },
  { hash: '#/matrix', label: 'nav.matrix' },
  { hash: '#/reviews', label: 'nav.reviews' },
  { hash: '#/overdue', label: 'nav.overdue' },
  { hash: '#/requests', label: 'nav.requests' },
  { hash: '#/plan', label: 'nav.plan' },
  { hash: '#/agencies', label: 'nav.agencies' },
  { hash: '#/reports', label: 'nav.reports' },
];

const DETAIL = /^#\/assignments\/([0-9a-f-]{36})$/;
const CAME_FROM_KEY = 'dondoc.cameFrom';

/**
 * The current page's hash, and the last page before it that was not an
 * assignment: where "Quay lại" leads (with its query, e.g. the matrix's period).
 * Kept per tab, so a reload of the assignment keeps it; the overview otherwise.
 */
function useHash(): { hash: string; cameFrom: string } {
  const [state, setState] = useState(() => ({
    hash: window.location.hash || '#/',
    cameFrom: sessionStorage.getItem(CAME_FROM_KEY) ?? '#/',
  }));
  useEffect(() => {
    const on = () =>
      setState((s) => {
        const cameFrom = DETAIL.test(s.hash.split('?')[0]) ? s.cameFrom : s.hash;
        sessionStorage.setItem(CAME_FROM_KEY, cameFrom);
        return { hash: window.location.hash || '#/', cameFrom };
      });
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return state;
}

function StaffApp() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [expired, setExpired] = useState(false);
  const { hash, cameFrom } = useHash();
  const signOut = useCallback((why?: 'expired') => {
    sessionStorage.removeItem(SESSION_KEY);
    setSession(null);
    setExpired(why === 'expired');
  }, []);
  const api = useMemo(
    () => new Api(session ? { kind: 'staff', token: session.token } : null, () => signOut('expired')),
    [session, signOut],
  );
  // Tokens live minutes: renew while the dashboard is open (the API caps a session at 12 hours).
  useEffect(() => {
    if (!session) {
      return;
    }
    const timer = setInterval(() => {
      api.post<AccessToken>('/api/v1/auth/refresh').then(
        (res) => {
          const next = { ...session, token: res.accessToken };
          sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
          setSession(next);
        },
        () => undefined, // a 401 already signs out; a network blip waits for the next round
      );
    }, REFRESH_EVERY_MS);
    return () => clearInterval(timer);
  }, [api, session]);
  // The standing ICT department of the day (Sở TT&TT until 28/02/2025, then Sở KH&CN), for the header.
  const ict = useAsync(
    () => (session ? api.get<IctDepartment>('/api/v1/agencies/ict-department') : Promise.resolve(null)),
    [api],
  );
  useEffect(() => {
    const base = t('app.title');
    const route = ROUTES.find((r) => r.hash === hash);
    document.title = route ? `${t(route.label)} — ${base}` : base;
  }, [hash, t]);

  if (!session) {
    return (
      <Login
        expired={expired}
        onSignedIn={(s) => {
          sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
          setSession(s);
        }}
      />
    );
  }
  const [path, rawQuery] = hash.slice(1).split('?');
  const params = new URLSearchParams(rawQuery ?? '');
  const detail = /^\/assignments\/([0-9a-f-]{36})$/.exec(path);
  let page;
  if (detail) {
    page = <AssignmentView api={api} id={detail[1]} backTo={cameFrom} />;
  } else if (path === '/matrix') {
    page = <Matrix api={api} initialPeriod={params.get('period') ?? ''} />;
  } else if (path === '/reviews') {
    page = <Reviews api={api} />;
  } else if (path === '/overdue') {
    page = <Overdue api={api} />;
  } else if (path === '/requests') {
    page = <Requests api={api} />;
  } else if (path === '/agencies') {
    page = <Agencies api={api} canEdit={session.role !== 'viewer'} canSettle={session.role === 'admin'} />;
  } else if (path === '/plan') {
    page = <Plan api={api} />;
  } else if (path === '/reports') {
    page = <Reports api={api} />;
  } else {
    page = (
      <>
        {session.role === 'admin' ? <CalendarDecisionWarning api={api} /> : null}
        <Overview api={api} period={params.get('period') ?? ''} />
        <FailedEmails api={api} canResend={session.role !== 'viewer'} />
      </>
    );
  }
  const current = detail ? null : `#${path || '/'}`;
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="top">
        <span className="brand">dondoc {ict.data && <small>{t('app.subtitle', { name: ict.data.name })}</small>}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {ROUTES.map((r) => (
              <li key={r.hash}>
                <a href={r.hash} aria-current={current === r.hash ? 'page' : undefined}>
                  {t(r.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {session.email} ({t(`role.${session.role}` as MessageKey)})
          </span>
          <button type="button" onClick={() => signOut()}>
            {t('signOut')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
