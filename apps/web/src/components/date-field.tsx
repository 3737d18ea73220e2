import { useEffect, useId, useRef, useState } from 'react';
import { parseDate } from '../format';
import { useI18n } from '../i18n';

/**
 * A date typed and shown as dd/mm/yyyy whatever the browser's language (a native date input
 * shows mm/dd/yyyy in an English browser), with a calendar button that opens the browser's
 * picker. `value` and `onChange` carry `YYYY-MM-DD` ('' while the text is not a valid date).
 */
export function DateField({
  label,
  value,
  onChange,
  min,
  required,
}: {
  label: string;
  value: string;
  onChange: (date: string) => void;
  /** Earliest allowed date, `YYYY-MM-DD`. */
  min?: string;
  required?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const show = (iso: string): string => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
  const [text, setText] = useState(show(value));
  const [touched, setTouched] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  // A value set from outside (a reset after sending) replaces the text.
  useEffect(() => {
    if ((parseDate(text) ?? '') !== value) {
      setText(show(value));
    }
    // Only an outside change of value matters: the text itself is the user's.
  }, [value]);

  const parsed = parseDate(text);
  const problem =
    text.trim() === ''
      ? null
      : parsed === null
        ? t('date.invalid')
        : min && parsed < min
          ? t('date.tooEarly', { date: show(min) })
          : null;
  useEffect(() => {
    input.current?.setCustomValidity(problem ?? '');
  }, [problem]);

  function typed(next: string): void {
    setText(next);
    const iso = parseDate(next);
    onChange(iso && !(min && iso < min) ? iso : '');
  }

  function openPicker(): void {
    const el = picker.current;
    if (!el) {
      return;
    }
    try {
      el.showPicker();
    } catch {
      el.focus();
    }
  }

  return (
    <div className="date-field">
      <label htmlFor={id}>{label}</label>
      <div className="date-field-row">
        <input
          ref={input}
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('date.placeholder')}
          required={required}
          value={text}
          aria-invalid={touched && problem !== null}
          aria-describedby={`${id}-hint`}
          onChange={(e) => typed(e.target.value)}
          onBlur={() => {
            setTouched(true);
            if (parsed) {
              setText(show(parsed));
            }
          }}
        />
        <button type="button" className="date-field-pick" onClick={openPicker} aria-label={t('date.pick')}>
          <span aria-hidden="true">📅</span>
        </button>
        <input
          ref={picker}
          type="date"
          className="date-field-native"
          tabIndex={-1}
          aria-hidden="true"
          min={min}
          value={parsed ?? ''}
          onChange={(e) => typed(show(e.target.value))}
        />
      </div>
      <small id={`${id}-hint`} className={touched && problem ? 'field-error' : 'field-hint'}>
        {touched && problem ? problem : t('date.hint')}
      </small>
    </div>
  );
}
