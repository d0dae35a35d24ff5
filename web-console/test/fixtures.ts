import type { SessionInfo, Snapshot } from '../src/core/protocol';

export const TOKENS = { in: 0, out: 0, cacheWrites: 0, cacheReads: 0, cost: 0, contextTokens: 0 };

export function info(over: Partial<SessionInfo> = {}): SessionInfo {
  return {
    sessionId: 'demo-1',
    name: 'demo-1',
    endpoint: 'demo',
    connection: 'connected',
    capabilities: { approve: false, deny: true },
    task: { taskId: 't-1', text: 'Add a README', state: 'running', startedAt: 1, updatedAt: 2, tokens: TOKENS },
    ...over,
  };
}

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    info: info(),
    mode: 'code',
    modes: [
      { slug: 'code', name: 'Code' },
      { slug: 'ask', name: 'Ask' },
    ],
    messages: [{ ts: 100, type: 'say', say: 'text', text: 'Add a README' }],
    queued: [],
    history: [{ taskId: 't-1', text: 'Add a README', state: 'running', startedAt: 1, updatedAt: 2, tokens: TOKENS }],
    ...over,
  };
}

export const FOLLOWUP_TEXT = JSON.stringify({
  question: 'Which language?',
  suggest: [{ answer: 'German' }, { answer: 'English', mode: 'ask' }],
});

export const TOOL_TEXT = JSON.stringify({
  tool: 'newFileCreated',
  path: 'greeting.txt',
  content: '@@ -0,0 +1 @@\n+Hello\n-Bye',
  isOutsideWorkspace: false,
});
