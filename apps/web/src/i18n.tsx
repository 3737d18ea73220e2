import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDate, formatDateTime, type Lang } from './format';
import { periodName } from '../../../libs/domain/src/periods/period-name';
import { MESSAGES, type MessageKey } from './messages';

export type { Lang };

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  date: (date: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  /** A period in words ("Tháng 11/2026", "November 2026"), never its key. */
  period: (key: string) => string;
  /** Picks the text of the current language from a bilingual pair. */
  pick: (text: { vi: string; en: string } | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'dondoc.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Vietnamese by default; the choice of English is remembered on this device. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => {
        let text: string = MESSAGES[lang][key] ?? MESSAGES.vi[key] ?? key;
        for (const [name, v] of Object.entries(params ?? {})) {
          text = text.split(`{${name}}`).join(String(v));
        }
        return text;
      },
      date: (d) => formatDate(d, lang),
      dateTime: (iso) => formatDateTime(iso, lang),
      period: (key) => periodName(key, lang),
      pick: (text) => (text ? text[lang] || text.vi : ''),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) {
    throw new Error('useI18n outside I18nProvider');
  }
  return value;
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      <button type="button" aria-pressed={lang === 'vi'} onClick={() => setLang('vi')} lang="vi">
        Tiếng Việt
      </button>
      <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
        English
      </button>
    </div>
  );
}
