import { useState } from 'preact/hooks';
import { askWords, isApproval, parseFollowup } from '../core/kinds';
import type { PendingAsk } from '../core/protocol';

export interface AskActions {
  answer: (answer: string) => void;
  approve: () => void;
  deny: (feedback?: string) => void;
  resume: () => void;
}

/**
 * What Roo waits for, in words, with the answers this person may give: a tap on a suggestion,
 * Approve (where the session can) or Deny with feedback, Resume. Viewers see the words only.
 */
export function AskPanel({
  ask,
  canOperate,
  canApprove,
  busy,
  actions,
}: {
  ask: PendingAsk;
  canOperate: boolean;
  canApprove: boolean;
  busy: boolean;
  actions: AskActions;
}) {
  const [feedback, setFeedback] = useState('');
  if (ask.category === 'non-blocking') return null;
  const followup = ask.ask === 'followup' ? parseFollowup(ask.text) : undefined;
  const approval = isApproval(ask);
  return (
    <section class="ask card" id="ask" aria-label="Roo is waiting">
      <p class="ask-words">{askWords(ask)}</p>
      {canOperate && followup && followup.suggestions.length > 0 ? (
        <div class="suggestions">
          {followup.suggestions.map((s) => (
            <button
              type="button"
              class="btn suggestion"
              key={s.answer}
              disabled={busy}
              onClick={() => actions.answer(s.answer)}
            >
              {s.answer}
              {s.mode ? ` (${s.mode})` : ''}
            </button>
          ))}
        </div>
      ) : null}
      {canOperate && approval ? (
        <>
          <label for="deny-feedback" class="muted">
            Feedback for Roo if you deny (optional)
          </label>
          <input
            id="deny-feedback"
            value={feedback}
            onInput={(e) => setFeedback((e.target as HTMLInputElement).value)}
          />
          <div class="row">
            {canApprove ? (
              <button type="button" class="btn primary" id="approve" disabled={busy} onClick={actions.approve}>
                Approve
              </button>
            ) : null}
            <button
              type="button"
              class="btn danger"
              id="deny"
              disabled={busy}
              onClick={() => {
                actions.deny(feedback.trim() || undefined);
                setFeedback('');
              }}
            >
              Deny
            </button>
          </div>
        </>
      ) : null}
      {canOperate && ask.category === 'resumable' ? (
        <button type="button" class="btn primary" id="resume" disabled={busy} onClick={actions.resume}>
          Resume
        </button>
      ) : null}
    </section>
  );
}
