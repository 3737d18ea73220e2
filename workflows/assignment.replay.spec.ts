import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * Replays saved histories of earlier workflow versions against today's code: a
 * change that breaks determinism for workflows already running fails here.
 * Record new histories with `npm run record:histories` (DONDOC_RECORD_HISTORIES=1, see
 * maybeRecordHistory in test/support/time-skipping.ts); a saved history is never overwritten.
 *
 * Each history also states what it covers (`covers` below): the exact `patched()` markers it
 * holds, and for a patch whose branch runs only in some runs, what in the history shows that
 * the branch ran. A history that does not exercise the patch it was recorded for fails here.
 */
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

interface Payloads {
  payloads?: { data?: string }[];
}
interface HistoryEvent {
  eventId: string;
  eventType: string;
  markerRecordedEventAttributes?: { markerName: string; details: Record<string, Payloads> };
  activityTaskScheduledEventAttributes?: { activityType: { name: string }; input?: Payloads };
  workflowExecutionSignaledEventAttributes?: { signalName: string; input?: Payloads };
}
interface SavedHistory {
  events: HistoryEvent[];
}

/** The first payload, decoded (json/plain payloads, as the default converter writes them). */
function decoded<T>(p: Payloads | undefined): T {
  const data = p?.payloads?.[0]?.data;
  if (data === undefined) {
    throw new Error('payload expected');
  }
  return JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as T;
}

/** The `patched()` markers a history holds, in order, with their event positions. */
function markers(history: SavedHistory): { id: string; at: number }[] {
  return history.events.flatMap((e, at) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') {
      return [];
    }
    const data = marker.details['patch-data'] ?? marker.details.patch_data;
    return [{ id: decoded<{ id: string }>(data).id, at }];
  });
}

/** The inputs of the activities a history scheduled, by activity name, with their event positions. */
function activities<T>(history: SavedHistory, name: string): { input: T; at: number }[] {
  return history.events.flatMap((e, at) => {
    const scheduled = e.activityTaskScheduledEventAttributes;
    return scheduled?.activityType.name === name ? [{ input: decoded<T>(scheduled.input), at }] : [];
  });
}

/** Where a history received the signal `name`. */
function signals(history: SavedHistory, name: string): number[] {
  return history.events.flatMap((e, at) =>
    e.workflowExecutionSignaledEventAttributes?.signalName === name ? [at] : [],
  );
}

/** The read-model writes of an assignment run (recordAssignmentState inputs), in order. */
interface RecordInput {
  state: {
    status: string;
    dueDate: string;
    deadlineMovedFrom?: string | null;
    submissions?: { submissionId: string }[];
    extensions?: { requestId: string; decision?: { approve: boolean } }[];
    urgingLetters?: { level: number; number: string }[];
    takenOverFrom?: string[];
  };
  event: { type: string; note?: string };
}
const records = (h: SavedHistory) => activities<RecordInput>(h, 'recordAssignmentState');

const ASSIGNMENT_V2 = [
  'lifecycle-v1',
  'review-deadline-v1',
  'lawful-deadline-v1',
  'fair-escalation-v1',
  'review-notice-v1',
];
const ASSIGNMENT_V3 = [...ASSIGNMENT_V2, 'escalate-now-guard-v1', 'kept-extensions-letters-v1'];
/** A run started with `takenOver` decides the three take-over patches right after review-deadline-v1. */
const TAKEN_OVER = [
  'lifecycle-v1',
  'review-deadline-v1',
  'take-over-v1',
  'take-over-kept-v1',
  'take-over-combine-v1',
  ...ASSIGNMENT_V3.slice(2),
];

/** What each saved history covers: its markers (exactly) and, for the newer patches, that their branch ran. */
const covers: Record<string, { markers: string[]; shows?: (h: SavedHistory) => void }> = {
  'assignment-v0-acknowledged.json': { markers: [] },
  'assignment-v0-reminders-overdue.json': { markers: [] },
  'assignment-v1-acknowledged.json': { markers: ['lifecycle-v1'] },
  'assignment-v1-escalation-ladder.json': { markers: ['lifecycle-v1'] },
  'assignment-v1-returned-resubmitted-accepted.json': { markers: ['lifecycle-v1'] },
  'assignment-v2-acknowledged.json': { markers: ASSIGNMENT_V2 },
  'assignment-v2-escalation-ladder.json': { markers: ASSIGNMENT_V2 },
  // fair-escalation-v1: the urging letter numbered while the extension was granted is given back.
  'assignment-v2-extension-while-numbering.json': {
    markers: ASSIGNMENT_V2,
    shows: (h) => {
      expect(activities<{ level: number }>(h, 'releaseUrgingLetterNumber').map((r) => r.input.level)).toEqual([2]);
    },
  },
  // review-deadline-v1: open overdue while awaiting review; fair-escalation-v1: one level after the new window.
  'assignment-v2-fair-escalation-late-return.json': {
    markers: ASSIGNMENT_V2,
    shows: (h) => {
      const written = records(h).map((r) => `${r.input.event.type}:${r.input.state.status}`);
      expect(written).toEqual([
        'assigned:assigned',
        'submitted:submitted',
        'overdue:submitted',
        'returned:returned',
        'overdue:returned',
        'escalated:returned',
      ]);
      expect(activities(h, 'issueUrgingLetterNumber')).toEqual([]);
    },
  },
  // lawful-deadline-v1: an extension to a Sunday moves to the next working day.
  'assignment-v2-lawful-deadline-extension-to-sunday.json': {
    markers: ASSIGNMENT_V2,
    shows: (h) => {
      const granted = records(h).find((r) => r.input.event.type === 'extension-granted')!;
      expect(granted.input.state.deadlineMovedFrom).toBeTruthy();
      expect(granted.input.state.dueDate > granted.input.state.deadlineMovedFrom!).toBe(true);
    },
  },
  // review-notice-v1: each report that arrives is announced to the reviewers.
  'assignment-v2-returned-resubmitted-accepted.json': {
    markers: ASSIGNMENT_V2,
    shows: (h) => {
      const mails = activities<{ key: string; mail: { kind: string } }>(h, 'sendAssignmentEmail');
      expect(mails.filter((m) => m.input.mail.kind === 'report-arrived').map((m) => m.input.key)).toEqual([
        'review:r-1',
        'review:r-2',
      ]);
    },
  },
  // take-over-v1 and take-over-kept-v1: a run started with `takenOver` (two submissions awaiting review).
  'assignment-v3-taken-over-kept-submissions.json': {
    markers: TAKEN_OVER,
    shows: (h) => {
      const [first] = records(h);
      // take-over-v1: it starts in the predecessor's status; take-over-kept-v1: its first write keeps every submission.
      expect(first.input.event).toMatchObject({
        type: 'assigned',
        note: expect.stringContaining('taken over from') as unknown,
      });
      expect(first.input.state.status).toBe('submitted');
      expect(first.input.state.submissions!.map((s) => s.submissionId)).toEqual(['old-1', 'old-2']);
    },
  },
  // take-over-combine-v1, decided inside the takeOver signal handler of a run that was not taken over.
  'assignment-v3-take-over-combined.json': {
    markers: [...ASSIGNMENT_V3, 'take-over-combine-v1'],
    shows: (h) => {
      const [signal] = signals(h, 'takeOver');
      const marker = markers(h).find((m) => m.id === 'take-over-combine-v1')!;
      expect(marker.at).toBeGreaterThan(signal);
      const combined = records(h).find((r) => r.input.event.type === 'taken-over');
      expect(combined?.input.state.submissions!.map((s) => s.submissionId)).toEqual(['old-1', 'old-2']);
      expect(combined?.input.state.takenOverFrom).toHaveLength(1);
    },
  },
  // take-over-combine-v1 on a run taken over at its start: a third body's work joins, ids it holds renamed.
  'assignment-v3-taken-over-then-combined.json': {
    markers: TAKEN_OVER,
    shows: (h) => {
      const [signal] = signals(h, 'takeOver');
      const combined = records(h).find((r) => r.input.event.type === 'taken-over')!;
      expect(combined.at).toBeGreaterThan(signal);
      expect(combined.input.state.takenOverFrom).toHaveLength(2);
      expect(combined.input.state.submissions!.map((s) => s.submissionId)).toEqual([
        'old-1',
        'xa-hoang-truong/old-1',
        'old-2',
        'xa-hoang-truong/old-2',
      ]);
    },
  },
  // escalate-now-guard-v1: "escalate now" sent inside a late return's new window, and ignored.
  'assignment-v3-escalate-now-in-return-window.json': {
    markers: ASSIGNMENT_V3,
    shows: (h) => {
      const [signal] = signals(h, 'escalateNow');
      const written = records(h);
      const returned = written.find((r) => r.input.event.type === 'returned')!;
      // Past the deadline and its agency's turn (an ungarded run would have escalated at once).
      expect(written.some((r) => r.input.event.type === 'overdue' && r.at > returned.at && r.at < signal)).toBe(true);
      expect(signal).toBeGreaterThan(returned.at);
      expect(written.map((r) => r.input.event.type)).not.toContain('escalated');
      expect(activities(h, 'issueUrgingLetterNumber')).toEqual([]);
    },
  },
  // kept-extensions-letters-v1: a closed run whose writes carry its extension and urging letter.
  'assignment-v3-closed-keeps-extension-and-letter.json': {
    markers: ASSIGNMENT_V3,
    shows: (h) => {
      const last = records(h).at(-1)!.input;
      expect(last.state.status).toBe('accepted');
      expect(last.state.extensions).toEqual([
        expect.objectContaining({
          requestId: 'ext-k',
          decision: expect.objectContaining({ approve: true }) as unknown,
        }),
      ]);
      expect(last.state.urgingLetters!.map((l) => l.level)).toEqual([2]);
    },
  },
  'bulk-signal-v1-calendar-change.json': { markers: [] },
  // digest-working-days-v1: nothing is sent on a Sunday; a worked Saturday sends the digest.
  'digest-v1-sunday.json': {
    markers: ['digest-working-days-v1'],
    shows: (h) => {
      expect(activities(h, 'workingCalendarData')).toHaveLength(1);
      expect(activities(h, 'sendDailyDigests')).toEqual([]);
    },
  },
  'digest-v1-worked-saturday.json': {
    markers: ['digest-working-days-v1'],
    shows: (h) => {
      const [sent] = activities<{ date: string }>(h, 'sendDailyDigests');
      expect(new Date(`${sent.input.date}T12:00:00Z`).getUTCDay()).toBe(6);
    },
  },
  // Recorded with the code before close-started-by-activity (commit 78a55ff): the close started as a child.
  'period-open-v0-close-as-child.json': {
    markers: [],
    shows: (h) => {
      expect(h.events.map((e) => e.eventType)).toContain('EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED');
      expect(activities(h, 'startPeriodClose')).toEqual([]);
    },
  },
  'period-open-v1-close-by-activity.json': {
    markers: ['close-started-by-activity'],
    shows: (h) => {
      expect(h.events.map((e) => e.eventType)).not.toContain('EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED');
      expect(activities(h, 'startPeriodClose')).toHaveLength(1);
    },
  },
  // period-open-moved-deadlines-v1: the opening lists the catalog deadlines it moved off days off.
  'period-open-v2-moved-deadlines.json': {
    markers: ['period-open-moved-deadlines-v1', 'close-started-by-activity'],
    shows: (h) => {
      const [listed] = activities(h, 'movedPeriodDeadlines');
      expect(listed).toBeDefined();
      expect(activities(h, 'startPeriodClose')).toHaveLength(1);
    },
  },
  'reorganisation-v1-merge.json': { markers: [] },
  'report-request-v1.json': { markers: [] },
};

describe('replay of saved workflow histories', () => {
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./index'), logger: new DefaultLogger('WARN') });
  }, 120_000);

  it('has histories to replay, and each says what it covers', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.sort()).toEqual(Object.keys(covers).sort());
  });

  it.each(files)('%s holds the patch markers it covers, and their branches ran', (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SavedHistory;
    const cover = covers[file];
    expect(cover).toBeDefined();
    expect(markers(history).map((m) => m.id)).toEqual(cover.markers);
    cover.shows?.(history);
  });

  it.each(files)('replays %s deterministically', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).resolves.toBeUndefined();
  });
});
