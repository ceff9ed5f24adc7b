// Refusals of an outcome or an approval. Over the API a task the person may not see answers 404
// like an unknown one (a specialist must not learn another's task exists); the CLI, the
// administrators' own tool, says why in `cliMessage`. Either way nothing was written.
import { RequestRefused } from '../../errors.js';

export class TaskRefused extends RequestRefused {
  override name = 'TaskRefused';
  constructor(statusCode: 403 | 404 | 409 | 422, message: string, detail: Record<string, unknown> = {}, readonly cliMessage = message) {
    super(statusCode, message, detail);
  }
}

export function noSuchTask(taskId: number): TaskRefused {
  return new TaskRefused(404, `no task ${taskId}`, {}, `no task ${taskId}; nothing changed`);
}

/** Another person's task, answered over the API exactly as an unknown one. */
export function notYourTask(taskId: number, login: string): TaskRefused {
  return new TaskRefused(404, `no task ${taskId}`, {},
    `task ${taskId} is not assigned to ${login} nor to anyone below ${login} in the reporting chain; nothing changed`);
}
