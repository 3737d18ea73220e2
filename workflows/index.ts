export { assignmentWorkflow } from './assignment.workflow';
