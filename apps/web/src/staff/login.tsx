import { useState, type FormEvent } from 'react';
import { Api, ApiFailure } from '../api';
import { LanguageSwitch, useI18n } from '../i18n';
import { ErrorBox } from '../components/ui';

export function Login({
  expired,
  onSignedIn,
}: {
  expired: boolean;
  onSignedIn: (s: { token: string; email: string; role: string }) => void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const [wrong, setWrong] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setWrong(false);
    try {
      const res = await new Api(null).post<{ accessToken: string; role: string }>('/api/v1/auth/login', {
        email: email.trim(),
        password,
      });
      onSignedIn({ token: res.accessToken, email: email.trim(), role: res.role });
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) {
        setWrong(true);
      } else {
        setError(err instanceof ApiFailure ? err : null);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <LanguageSwitch />
      <h1>{t('app.title')}</h1>
      <p>{t('login.intro')}</p>
      {expired ? <p role="status">{t('login.expired')}</p> : null}
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          {t('login.email')}
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorBox error={error} />
        {wrong ? (
          <div className="error" role="alert">
            {t('login.wrong')}
          </div>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
