import { describe, expect, it } from 'vitest';
import {
  askWords,
  badge,
  describeApiRequest,
  messageKind,
  needsYouFirst,
  parseApiRequest,
  parseFollowup,
  parseTool,
  stateWords,
} from '../src/core/kinds';
import { FOLLOWUP_TEXT, TOOL_TEXT, info } from './fixtures';

describe('message kinds', () => {
  it('classifies like the desktop console', () => {
    expect(messageKind({ ts: 1, type: 'say', say: 'text' }, true)).toBe('prompt');
    expect(messageKind({ ts: 1, type: 'say', say: 'text' }, false)).toBe('assistant');
    expect(messageKind({ ts: 1, type: 'ask', ask: 'tool' }, false)).toBe('tool');
    expect(messageKind({ ts: 1, type: 'ask', ask: 'command' }, false)).toBe('command');
    expect(messageKind({ ts: 1, type: 'say', say: 'command_output' }, false)).toBe('command_output');
    expect(messageKind({ ts: 1, type: 'ask', ask: 'followup' }, false)).toBe('followup');
    expect(messageKind({ ts: 1, type: 'say', say: 'error' }, false)).toBe('error');
    expect(messageKind({ ts: 1, type: 'ask', ask: 'api_req_failed' }, false)).toBe('error');
    expect(messageKind({ ts: 1, type: 'say', say: 'api_req_started' }, false)).toBe('api_request');
    expect(messageKind({ ts: 1, type: 'ask', ask: 'completion_result', text: '' }, false)).toBe('hidden');
    expect(messageKind({ ts: 1, type: 'say', say: 'completion_result', text: 'Done' }, false)).toBe('completion');
    expect(messageKind({ ts: 1, type: 'say', say: 'never_heard_of' }, false)).toBe('info');
    expect(messageKind({ ts: 1, type: 'ask', ask: 'toString' }, false)).toBe('info');
  });
});

describe("Roo's texts", () => {
  it('reads a followup as JSON, plain text while streaming, or nothing when blank', () => {
    expect(parseFollowup(FOLLOWUP_TEXT)).toEqual({
      question: 'Which language?',
      suggestions: [{ answer: 'German' }, { answer: 'English', mode: 'ask' }],
    });
    expect(parseFollowup('Which lang')).toEqual({ question: 'Which lang', suggestions: [] });
    expect(parseFollowup('  ')).toBeUndefined();
    expect(parseFollowup('{"question":')).toEqual({ question: '{"question":', suggestions: [] });
  });

  it('reads a tool ask with its diff, and nothing from text that is not JSON', () => {
    expect(parseTool(TOOL_TEXT)).toMatchObject({ tool: 'newFileCreated', path: 'greeting.txt', diff: expect.stringContaining('+Hello') });
    expect(parseTool('{"tool":"readFile","path":"a.txt","content":"plain"}')).toMatchObject({ content: 'plain', diff: undefined });
    expect(parseTool('not json')).toBeUndefined();
    expect(parseTool('[1,2]')).toBeUndefined();
  });

  it('says asks in words', () => {
    expect(askWords({ taskId: 't', ts: 1, ask: 'tool', category: 'interactive', text: TOOL_TEXT })).toBe(
      'Roo wants to create greeting.txt.',
    );
    expect(askWords({ taskId: 't', ts: 1, ask: 'command', category: 'interactive', text: 'npm test' })).toBe(
      'Roo wants to run: npm test',
    );
    expect(askWords({ taskId: 't', ts: 1, ask: 'followup', category: 'interactive', text: FOLLOWUP_TEXT })).toBe(
      'Which language?',
    );
    expect(askWords({ taskId: 't', ts: 1, ask: 'resume_task', category: 'resumable' })).toContain('Resume');
  });

  it('sums up an API request', () => {
    expect(describeApiRequest(parseApiRequest('{"tokensIn":1234,"tokensOut":56,"cost":0.0123}')!)).toBe(
      '1,234 in · 56 out · $0.0123',
    );
    expect(describeApiRequest(parseApiRequest('{}')!)).toBe('in progress…');
  });
});

describe('task states', () => {
  it('are said in words, never by their wire names', () => {
    expect(stateWords('needs-input')).toBe('waiting for you');
    expect(stateWords('completed')).toBe('finished');
    expect(stateWords('resumable')).toBe('interrupted, can be resumed');
    expect(stateWords('something-new')).toBe('in a state this version does not know');
  });
});

describe('badges', () => {
  it('running, needs you, idle, disconnected', () => {
    expect(badge(info(), true)).toBe('running');
    expect(badge(info(), false)).toBe('disconnected');
    expect(badge(info({ connection: 'failed' }), true)).toBe('disconnected');
    expect(
      badge(info({ pendingAsk: { taskId: 't-1', ts: 1, ask: 'followup', category: 'interactive' } }), true),
    ).toBe('needs you');
    expect(badge(info({ task: undefined }), true)).toBe('idle');
  });

  it('lists those that need you first and keeps the others in order', () => {
    const a = info({ sessionId: 'a', name: 'a' });
    const b = info({ sessionId: 'b', name: 'b', pendingAsk: { taskId: 't', ts: 1, ask: 'tool', category: 'interactive' } });
    const c = info({ sessionId: 'c', name: 'c', task: undefined });
    expect(needsYouFirst([a, b, c], true).map((s) => s.sessionId)).toEqual(['b', 'a', 'c']);
  });
});
