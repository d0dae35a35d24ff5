import { useEffect, useState } from 'preact/hooks';
import type { RelayConnection } from '../core/connection';
import { formatTokens, stateWords } from '../core/kinds';
import type { ClineMessage, TaskSummary } from '../core/protocol';
import { Transcript } from './Transcript';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The session's tasks, newest first; a tap shows a past task's transcript, which an operator may resume. */
export function History({
  conn,
  sessionId,
  taskId,
  canOperate,
  onOpen,
  onResumed,
}: {
  conn: RelayConnection;
  sessionId: string;
  taskId?: string;
  canOperate: boolean;
  onOpen: (taskId: string | undefined) => void;
  onResumed: () => void;
}) {
  const [tasks, setTasks] = useState<TaskSummary[] | undefined>();
  const [past, setPast] = useState<{ task: TaskSummary; messages: ClineMessage[] } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const online = conn.online;

  useEffect(() => {
    if (!online) return;
    conn.request({ type: 'get_history', sessionId }).then(
      (r) => setTasks((r?.tasks as TaskSummary[]) ?? []),
      (e: Error) => setError(e.message),
    );
  }, [conn, sessionId, online]);

  useEffect(() => {
    setPast(undefined);
    if (!taskId || !online) return;
    conn.request({ type: 'get_transcript', sessionId, taskId }).then(
      (r) => setPast({ task: r?.task as TaskSummary, messages: (r?.messages as ClineMessage[]) ?? [] }),
      (e: Error) => setError(e.message),
    );
  }, [conn, sessionId, taskId, online]);

  if (taskId) {
    return (
      <section id="past-task">
        <button type="button" class="btn" onClick={() => onOpen(undefined)}>
          ← All tasks
        </button>
        {error ? <p class="error" role="alert">{error}</p> : null}
        {past ? (
          <>
            <h2 class="task-title">{past.task?.text ?? taskId}</h2>
            <p class="muted">
              {stateWords(past.task?.state)} · {formatTokens(past.task?.tokens)}
            </p>
            {canOperate ? (
              <button
                type="button"
                class="btn primary"
                id="resume-task"
                onClick={() =>
                  conn.request({ type: 'resume_task', sessionId, taskId }).then(onResumed, (e: Error) => setError(e.message))
                }
              >
                Resume this task
              </button>
            ) : null}
            <Transcript messages={past.messages} label="Past task transcript" />
          </>
        ) : (
          <p class="muted">Loading the transcript…</p>
        )}
      </section>
    );
  }
  return (
    <section id="history">
      {error ? <p class="error" role="alert">{error}</p> : null}
      {!tasks ? <p class="muted">Loading the history…</p> : null}
      {tasks && tasks.length === 0 ? <p class="muted">No tasks yet.</p> : null}
      <ul class="history">
        {(tasks ?? []).map((t) => (
          <li key={t.taskId}>
            <button type="button" class="history-row" data-task={t.taskId} onClick={() => onOpen(t.taskId)}>
              <span class="history-text">{t.text ?? t.taskId}</span>
              <span class="muted">
                {stateWords(t.state)} · {when.format(t.startedAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
