/**
 * The life of one task of the Google 2011 trace (traces/google2011.ts): its
 * state, its runs, its latest attributes, and how each task_events event type
 * moves it (the event types of the trace's schema document: 0 SUBMIT,
 * 1 SCHEDULE, 2 EVICT, 3 FAIL, 4 FINISH, 5 KILL, 6 LOST, 7 UPDATE_PENDING,
 * 8 UPDATE_RUNNING).
 */
/** The event types, by number. */
export const EVENT_NAMES = ['SUBMIT', 'SCHEDULE', 'EVICT', 'FAIL', 'FINISH', 'KILL', 'LOST', 'UPDATE_PENDING', 'UPDATE_RUNNING'] as const;

export enum TaskState {
  Pending,
  Running,
  Dead,
}

export interface Task {
  job: string;
  index: string;
  submit: number;
  state: TaskState;
  /** Start of the current run. */
  runStart: number;
  firstStart: number;
  /** Length of the last completed run, or -1. */
  lastRun: number;
  lastRunStart: number;
  status: string;
  runs: number;
  cpu: number | null;
  memory: number | null;
  priority: number;
  schedulingClass: string | null;
  user: string | null;
  distinct: boolean;
  submitMissing: boolean;
}

/** A task's state after an event of `type` at time t. */
export function transition(task: Task, type: number, t: number): void {
  switch (type) {
    case 0: // SUBMIT
      if (task.state === TaskState.Dead) task.state = TaskState.Pending;
      break;
    case 1: // SCHEDULE
      if (task.state !== TaskState.Running) {
        task.state = TaskState.Running;
        task.runStart = t;
        if (task.firstStart < 0) task.firstStart = t;
      }
      break;
    case 7:
    case 8: // UPDATE_PENDING, UPDATE_RUNNING: attributes only
      break;
    default: // EVICT, FAIL, FINISH, KILL, LOST
      if (task.state === TaskState.Running) {
        task.lastRun = t - task.runStart;
        task.lastRunStart = task.runStart;
        task.runs++;
      }
      task.state = TaskState.Dead;
      task.status = EVENT_NAMES[type]!.toLowerCase();
  }
}
