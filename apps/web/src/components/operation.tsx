import { useEffect, useState } from 'react';
import type { Api } from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';

/** What `GET /api/v1/operations/{id}` answers for a long-running operation. */
export interface OperationView {
  id: string;
  type: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed-out';
  progress: {
    phase: string;
    total: number;
    done: number;
    succeeded: number;
    alreadyDone: number;
    failed: number;
    failures: Array<{ target: string; reason: string }>;
  } | null;
  error: string | null;
}

/** The answer (202) of a request that started an operation. */
export interface Accepted {
  operationId: string;
  progress: string;
}

const POLL_MS = 1000;

/**
 * Follows an operation at its progress link until it ends: how many targets are done,
 * succeeded and failed, and why each failure happened. Announced to screen readers.
 */
export function OperationProgress({ api, link, onEnd }: { api: Api; link: string; onEnd?: () => void }) {
  const { t } = useI18n();
  const [view, setView] = useState<OperationView | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.get<OperationView>(link);
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

  const p = view?.progress;
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
    </div>
  );
}
