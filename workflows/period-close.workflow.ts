import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { PeriodActivities } from './period.contracts';
import type { PeriodCloseInput, PeriodCloseResult } from './period-close.messages';

const { buildPeriodReport, emailPeriodReport } = proxyActivities<PeriodActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * Closes a reporting period at its consolidation deadline: snapshots every
 * assignment's category, builds the consolidated report (xlsx + Decree 30 docx
 * draft), stores it for download and emails it to the ICT department.
 * Re-running it adds a new version; submissions after close still count as late.
 */
export async function periodCloseWorkflow(input: PeriodCloseInput): Promise<PeriodCloseResult> {
  if (input.closeAt) {
    const wait = Date.parse(input.closeAt) - Date.now();
    if (wait > 0) {
      await sleep(wait);
    }
  }
  // The run id keys the report, so a retried activity stores it once.
  const runKey = `${workflowInfo().workflowId}/${workflowInfo().runId}`;
  const report = await buildPeriodReport({ ...input, runKey });
  const emailedTo = await emailPeriodReport({
    reportId: report.reportId,
    planCode: input.planCode,
    periodKey: input.periodKey,
  });
  return { ...report, emailedTo };
}
