import { useState } from 'preact/hooks';
import { isApproval } from '../core/kinds';
import type { Mode, PendingAsk } from '../core/protocol';

/** The label of the send button, as the desktop console has it. */
export function sendLabel(ask: PendingAsk | undefined): string {
  if (!ask || ask.category === 'non-blocking') return 'Start task';
  if (ask.ask === 'followup') return 'Answer';
  if (ask.category === 'resumable') return 'Resume with message';
  if (ask.category === 'idle') return 'Continue task';
  return 'Start task';
}

/**
 * The prompt box: typed answers, messages that continue a task, and new tasks with a mode. While an
 * approval waits it only starts new tasks (a typed message would reject the approval).
 */
export function Composer({
  ask,
  modes,
  mode,
  busy,
  onSend,
  onNewTask,
}: {
  ask: PendingAsk | undefined;
  modes: Mode[];
  mode: string | undefined;
  busy: boolean;
  onSend: (text: string) => Promise<boolean>;
  onNewTask: (text: string, mode: string | undefined) => Promise<boolean>;
}) {
  const [text, setText] = useState('');
  const [taskMode, setTaskMode] = useState<string>('');
  const label = sendLabel(ask);
  const startsTask = label === 'Start task' || isApproval(ask);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    const ok = startsTask ? await onNewTask(text.trim(), taskMode || undefined) : await onSend(text.trim());
    if (ok) setText('');
  };
  return (
    <form class="composer card" onSubmit={submit} id="composer">
      <label for="prompt">{startsTask ? 'New task for Roo' : 'Message to Roo'}</label>
      <textarea
        id="prompt"
        rows={2}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <div class="row">
        <label for="task-mode" class="sr-only">
          Mode for a new task
        </label>
        <select id="task-mode" value={taskMode} onChange={(e) => setTaskMode((e.target as HTMLSelectElement).value)}>
          <option value="">{mode ? `Mode: ${modeName(modes, mode)}` : 'Mode: as set'}</option>
          {modes.map((m) => (
            <option key={m.slug} value={m.slug}>
              {m.name}
            </option>
          ))}
        </select>
        <button type="submit" class="btn primary" id="send" disabled={busy || !text.trim()}>
          {startsTask ? 'Start task' : label}
        </button>
        {!startsTask ? (
          <button
            type="button"
            class="btn"
            id="new-task"
            disabled={busy || !text.trim()}
            onClick={async () => {
              if (await onNewTask(text.trim(), taskMode || undefined)) setText('');
            }}
          >
            New task
          </button>
        ) : null}
      </div>
    </form>
  );
}

export function modeName(modes: Mode[], slug: string): string {
  return modes.find((m) => m.slug === slug)?.name ?? slug;
}
