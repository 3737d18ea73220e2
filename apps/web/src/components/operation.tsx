import { useEffect, useState } from 'react';
import type { Api, Operation } from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';

const POLL_MS = 1000;

/**
 * Follows an operation at its progress link until it ends: how many targets are done,
 * succeeded and failed, and why each failure happened. Announced to screen readers.
 */
export function OperationProgress({ api, link, onEnd }: { api: Api; link: string; onEnd?: () => void }) {
  const { t, pick } = useI18n();
  const [view, setView] = useState<Operation | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.get<Operation>(link);
        if (!live) {
          return;
        }
        setView(next);
        setUnreachable(false);
        if (next.status !== 'running') {
          onEnd?.();
          return;
        }
      } catch {
        if (live) {
          setUnreachable(true);
        }
      }
      if (live) {
        timer = setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // Only a new link restarts the polling (onEnd is the parent's callback of the moment).
  }, [api, link]);

  // Every operation the dashboard follows reports its counts; a period opening counts what it started,
  // and lists the deadlines it moved off days off.
  const progress = view?.progress ?? null;
  const p = progress
    ? 'succeeded' in progress
      ? { ...progress, movedDeadlines: [] }
      : {
          total: progress.total,
          done: progress.done,
          succeeded: progress.started + progress.alreadyRunning,
          failed: 0,
          failures: [],
          movedDeadlines: progress.movedDeadlines ?? [],
        }
    : null;
  return (
    <div className={`operation operation-${view?.status ?? 'running'}`} role="status" aria-live="polite">
      <strong>{t(`operation.${view?.status ?? 'running'}` as MessageKey)}</strong>{' '}
      {p ? (
        <>
          <progress max={Math.max(p.total, 1)} value={p.done} />{' '}
          {t('operation.counts', { done: p.done, total: p.total, succeeded: p.succeeded, failed: p.failed })}
        </>
      ) : view?.status === 'running' ? (
        t('operation.waiting')
      ) : null}
      {unreachable ? <span> {t('operation.unreachable')}</span> : null}
      {view?.error ? <p>{t('operation.error', { error: view.error })}</p> : null}
      {p && p.failures.length > 0 ? (
        <ul>
          {p.failures.map((f) => (
            <li key={f.target}>
              {f.target}: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {p && p.movedDeadlines.length > 0 ? (
        <>
          <p>{t('operation.movedDeadlines')}</p>
          <ul>
            {p.movedDeadlines.map((m) => (
              <li key={`${m.dutyCode}/${m.from}`}>
                {pick(m.dutyTitle)}: {pick(m.reason)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
