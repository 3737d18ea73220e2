import type { Response } from 'express';

/** Where a long-running operation (a workflow) reports its progress. */
export const operationLink = (workflowId: string): string => `/api/v1/operations/${encodeURIComponent(workflowId)}`;

/**
 * The answer to a request that started (or found) a long-running operation:
 * 202 Accepted, a Location header and, in the body, the operation's id and progress link.
 */
export function accepted<T extends object>(
  res: Response,
  workflowId: string,
  body: T,
): T & { operationId: string; progress: string } {
  const progress = operationLink(workflowId);
  res.status(202).setHeader('Location', progress);
  return { ...body, operationId: workflowId, progress };
}
