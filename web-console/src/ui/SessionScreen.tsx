import { useEffect, useState } from 'preact/hooks';
import type { RelayConnection } from '../core/connection';
import { formatTokens, isApproval, stateWords } from '../core/kinds';
import { RelayError, atLeast } from '../core/protocol';
import type { Route } from '../core/route';
import { AskPanel } from './AskPanel';
import { Composer, modeName } from './Composer';
import { Confirm } from './Confirm';
import { History } from './History';
import { BadgeView } from './SessionList';
import { Settings } from './Settings';
import { Transcript } from './Transcript';

type SessionRoute = Extract<Route, { screen: 'session' }>;

/** One session: its live transcript and what Roo waits for, its history and its settings. */
export function SessionScreen({
  conn,
  route,
  go,
}: {
  conn: RelayConnection;
  route: SessionRoute;
  go: (r: Route) => void;
}) {
  const { sessionId } = route;
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [confirm, setConfirm] = useState<{ text: string; yes: string; run: () => void } | undefined>();

  useEffect(() => {
    conn.watch(sessionId);
    return () => conn.unwatch(sessionId);
  }, [conn, sessionId]);

  const fold = conn.folds.get(sessionId);
  const info = fold?.info ?? conn.sessions.get(sessionId);
  const operator = atLeast(conn.role, 'operator');
  const canOperate = operator && conn.online;
  if (!info) {
    return (
      <main id="session">
        <p class="muted">{conn.online ? 'No such session (or you may not see it).' : 'Waiting for the relay…'}</p>
      </main>
    );
  }
  const ask = info.pendingAsk;
  const task = info.task;
  const working = task !== undefined && (task.state === 'running' || task.state === 'needs-input');

  const run = async (frame: Record<string, unknown>, what: string): Promise<boolean> => {
    setBusy(true);
    setNotice(undefined);
    try {
      await conn.request({ ...frame, sessionId });
      return true;
    } catch (e) {
      const code = e instanceof RelayError ? ` (${e.code})` : '';
      setNotice(`The ${what} did not go through${code}: ${(e as Error).message}`);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const startTask = (text: string, mode: string | undefined): Promise<boolean> => {
    const frame: Record<string, unknown> = { type: 'start_task', text };
    if (mode) frame.mode = mode;
    if (!working) return run(frame, 'new task');
    return new Promise((resolve) =>
      setConfirm({
        text: `Roo is still working on "${short(task?.text)}". Starting a new task stops it.`,
        yes: 'Stop it and start',
        run: () => void run(frame, 'new task').then(resolve),
      }),
    );
  };

  const tab = route.tab;
  return (
    <main id="session" data-session={sessionId}>
      <header class="session-head">
        <button type="button" class="btn back" aria-label="All sessions" onClick={() => go({ screen: 'sessions' })}>
          ←
        </button>
        <h1 class="session-title">{info.name}</h1>
        <BadgeView info={info} linkUp={conn.online} />
      </header>
      <nav class="tabs" aria-label="Session views">
        {(['live', 'history', 'settings'] as const).map((t) => (
          <button
            type="button"
            key={t}
            id={`tab-${t}`}
            class={`tab${tab === t ? ' active' : ''}`}
            aria-current={tab === t ? 'page' : undefined}
            onClick={() => go({ screen: 'session', sessionId, tab: t })}
          >
            {t === 'live' ? 'Transcript' : t === 'history' ? 'History' : 'Settings'}
          </button>
        ))}
      </nav>
      {tab === 'history' ? (
        <History
          conn={conn}
          sessionId={sessionId}
          taskId={route.taskId}
          canOperate={canOperate}
          onOpen={(taskId) => go({ screen: 'session', sessionId, tab: 'history', taskId })}
          onResumed={() => go({ screen: 'session', sessionId, tab: 'live' })}
        />
      ) : null}
      {tab === 'settings' ? <Settings conn={conn} sessionId={sessionId} admin={conn.role === 'admin'} /> : null}
      {tab === 'live' ? (
        <>
          <p class="muted task-line" id="task-line">
            {task ? `${stateWords(task.state)} · ${formatTokens(task.tokens)}` : 'No task yet.'}
            {fold?.mode ? ` · mode ${modeName(fold.modes, fold.mode)}` : ''}
          </p>
          {fold ? (
            <Transcript messages={fold.messages()} label="Transcript" />
          ) : (
            <p class="muted">Loading the transcript…</p>
          )}
          <div class="dock">
            {notice ? (
              <p class="error" role="alert" id="notice">
                {notice}
              </p>
            ) : null}
            {confirm ? (
              <Confirm
                text={confirm.text}
                yes={confirm.yes}
                onYes={() => {
                  const c = confirm;
                  setConfirm(undefined);
                  c.run();
                }}
                onNo={() => setConfirm(undefined)}
              />
            ) : null}
            {ask ? (
              <AskPanel
                ask={ask}
                canOperate={canOperate}
                canApprove={info.capabilities?.approve === true}
                busy={busy}
                actions={{
                  answer: (answer) =>
                    void run({ type: 'answer_ask', taskId: ask.taskId, askTs: ask.ts, answer }, 'answer'),
                  approve: () => void run({ type: 'approve', taskId: ask.taskId, askTs: ask.ts }, 'approval'),
                  deny: (feedback) =>
                    void run(
                      feedback
                        ? { type: 'deny', taskId: ask.taskId, askTs: ask.ts, feedback }
                        : { type: 'deny', taskId: ask.taskId, askTs: ask.ts },
                      'denial',
                    ),
                  resume: () =>
                    void run(
                      { type: 'send_message', taskId: ask.taskId, askTs: ask.ts, text: 'Continue with the task.', images: [] },
                      'resume',
                    ),
                }}
              />
            ) : null}
            {operator && isApproval(ask) && info.capabilities?.approve !== true ? (
              <p class="muted" id="approve-missing">
                Approve is not available here: {info.capabilities?.reason ?? "the session's bridge is not connected"}.
                Deny sends your feedback to Roo.
              </p>
            ) : null}
            {canOperate && working ? (
              <button
                type="button"
                class="btn danger"
                id="cancel"
                disabled={busy}
                onClick={() =>
                  setConfirm({
                    text: `Roo stops working on "${short(task?.text)}". You can resume it afterwards.`,
                    yes: 'Cancel task',
                    run: () => void run({ type: 'cancel_task', taskId: task?.taskId }, 'cancel'),
                  })
                }
              >
                Cancel task
              </button>
            ) : null}
            {canOperate ? (
              <Composer
                ask={ask}
                modes={fold?.modes ?? []}
                mode={fold?.mode}
                busy={busy}
                onSend={(text) => {
                  if (ask?.ask === 'followup') {
                    return run({ type: 'answer_ask', taskId: ask.taskId, askTs: ask.ts, answer: text }, 'answer');
                  }
                  if (ask) {
                    return run({ type: 'send_message', taskId: ask.taskId, askTs: ask.ts, text, images: [] }, 'message');
                  }
                  return startTask(text, undefined);
                }}
                onNewTask={startTask}
              />
            ) : !operator ? (
              <p class="muted" id="viewer-note">
                You are signed in as a viewer: you can watch, not act.
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </main>
  );
}

function short(text: string | undefined): string {
  const t = (text ?? '').trim();
  return t.length > 60 ? `${t.slice(0, 60)}…` : t || 'this task';
}
