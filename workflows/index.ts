export { assignmentWorkflow } from './assignment.workflow';
export { periodOpenWorkflow } from './period-open.workflow';
export { periodCloseWorkflow } from './period-close.workflow';
export { dailyDigestWorkflow } from './digest.workflow';
export { reportRequestWorkflow } from './report-request.workflow';
export { agencyReorganisationWorkflow } from './reorganisation.workflow';
export { bulkSignalWorkflow } from './bulk-signal.workflow';
export { emailResendWorkflow } from './email-resend.workflow';
