import { badge, doing, needsYouFirst } from '../core/kinds';
import type { SessionInfo } from '../core/protocol';

export function BadgeView({ info, linkUp }: { info: SessionInfo; linkUp: boolean }) {
  const b = badge(info, linkUp);
  return <span class={`badge badge-${b.replace(' ', '-')}`}>{b}</span>;
}

/** Every session with its badge and what it does; those that need the person first. */
export function SessionList({
  sessions,
  linkUp,
  onOpen,
}: {
  sessions: SessionInfo[];
  linkUp: boolean;
  onOpen: (id: string) => void;
}) {
  if (sessions.length === 0) {
    return <p class="muted empty">No sessions on this relay yet (or none you may see).</p>;
  }
  return (
    <ul class="sessions" id="sessions">
      {needsYouFirst(sessions, linkUp).map((s) => (
        <li key={s.sessionId}>
          <a
            class="session-row"
            href={`/session?id=${encodeURIComponent(s.sessionId)}`}
            data-session={s.sessionId}
            onClick={(e) => {
              e.preventDefault();
              onOpen(s.sessionId);
            }}
          >
            <span class="session-name">{s.name}</span>
            <BadgeView info={s} linkUp={linkUp} />
            <span class="session-doing">{doing(s)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
