import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messageKind } from '../src/core/kinds';
import type { ClineMessage, PendingAsk } from '../src/core/protocol';
import { AskPanel } from '../src/ui/AskPanel';
import { Composer, sendLabel } from '../src/ui/Composer';
import { MessageView } from '../src/ui/MessageView';
import { SessionList } from '../src/ui/SessionList';
import { FOLLOWUP_TEXT, TOOL_TEXT, info } from './fixtures';

let root: HTMLElement;

function draw(node: preact.ComponentChild): HTMLElement {
  root = document.createElement('div');
  document.body.appendChild(root);
  act(() => render(node, root));
  return root;
}

afterEach(() => {
  render(null, root);
  root.remove();
});

function message(m: ClineMessage, first = false): HTMLElement {
  return draw(
    <ol>
      <MessageView m={m} kind={messageKind(m, first)} />
    </ol>,
  );
}

describe('a message is drawn by its kind', () => {
  it('assistant text as Markdown', () => {
    const el = message({ ts: 1, type: 'say', say: 'text', text: '# Plan\n\n- **one**\n- `two`' });
    expect(el.querySelector('.tag')?.textContent).toBe('Roo');
    expect(el.querySelector('h1')?.textContent).toBe('Plan');
    expect(el.querySelector('strong')?.textContent).toBe('one');
    expect(el.querySelector('code')?.textContent).toBe('two');
  });

  it('Markdown is sanitised: no script, no event handler, no inline style', () => {
    const el = message({
      ts: 1,
      type: 'say',
      say: 'text',
      text: 'Hi <script>alert(1)</script><img src=x onerror="alert(2)"><b style="color:red" onclick="x()">bold</b> [l](javascript:alert(3))',
    });
    const html = el.querySelector('.md')!.innerHTML;
    expect(html).not.toContain('<script');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('onclick');
    expect(html).not.toContain('style=');
    expect(html).not.toContain('javascript:');
    expect(el.querySelector('b')?.textContent).toBe('bold');
  });

  it('the first message is the task prompt', () => {
    expect(message({ ts: 1, type: 'say', say: 'text', text: 'Do it' }, true).querySelector('.tag')?.textContent).toBe('Task');
  });

  it('reasoning folded', () => {
    const el = message({ ts: 1, type: 'say', say: 'reasoning', text: 'Thinking hard' });
    const details = el.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.textContent).toContain('Thinking hard');
  });

  it('a tool ask with its diff, lines marked added and removed', () => {
    const el = message({ ts: 1, type: 'ask', ask: 'tool', text: TOOL_TEXT });
    expect(el.querySelector('.tool-title')?.textContent).toBe('Create greeting.txt');
    expect(el.querySelector('.diff-add')?.textContent).toContain('+Hello');
    expect(el.querySelector('.diff-del')?.textContent).toContain('-Bye');
    expect(el.querySelector('.diff-hunk')).not.toBeNull();
  });

  it('a command and its output', () => {
    expect(message({ ts: 1, type: 'ask', ask: 'command', text: 'npm test' }).querySelector('pre')?.textContent).toBe(
      '$ npm test',
    );
    const out = message({ ts: 2, type: 'say', say: 'command_output', text: 'ok 1\nok 2' });
    expect(out.querySelector('.tag')?.textContent).toBe('Output');
    expect(out.querySelector('pre')?.textContent).toBe('ok 1\nok 2');
    // without the bridge nothing says how the command ended
    expect(out.querySelector('.exit')).toBeNull();
  });

  it("a command's exit status beside its output, a failure marked", () => {
    const ok = message({ ts: 2, type: 'say', say: 'command_output', text: 'ok', exitStatus: { code: 0 } });
    expect(ok.querySelector('.msg-head .exit')?.textContent).toBe('exit 0');
    expect(ok.querySelector('.exit')?.classList.contains('exit-failed')).toBe(false);
    expect(ok.querySelector('pre')?.textContent).toBe('ok');

    const failed = message({ ts: 3, type: 'say', say: 'command_output', text: '2 errors', exitStatus: { code: 2 } });
    expect(failed.querySelector('.exit')?.textContent).toBe('✗ exit 2');
    expect(failed.querySelector('.exit')?.classList.contains('exit-failed')).toBe(true);

    const killed = message({ ts: 4, type: 'say', say: 'command_output', text: '', exitStatus: { signal: 'SIGTERM' } });
    expect(killed.querySelector('.exit-failed')?.textContent).toBe('✗ killed by SIGTERM');

    // a status that is not one (a newer relay's shape, or garbage) shows nothing, and breaks nothing
    const odd = message({ ts: 5, type: 'say', say: 'command_output', text: 'x', exitStatus: { code: 'two' } as never });
    expect(odd.querySelector('.exit')).toBeNull();
    expect(odd.querySelector('pre')?.textContent).toBe('x');
  });

  it('an error', () => {
    const el = message({ ts: 1, type: 'say', say: 'error', text: 'It broke' });
    expect(el.querySelector('.msg-error')).not.toBeNull();
    expect(el.textContent).toContain('It broke');
  });

  it('an API request as its tokens and cost', () => {
    const el = message({ ts: 1, type: 'say', say: 'api_req_started', text: '{"tokensIn":10,"tokensOut":2,"cost":0.5}' });
    expect(el.textContent).toBe('API request · 10 in · 2 out · $0.5000');
  });

  it('a followup with its suggestions', () => {
    const el = message({ ts: 1, type: 'ask', ask: 'followup', text: FOLLOWUP_TEXT });
    expect(el.textContent).toContain('Which language?');
    expect([...el.querySelectorAll('.suggestions-list li')].map((li) => li.textContent)).toEqual([
      'German',
      'English (switches to ask)',
    ]);
  });

  it('an empty completion ask is not shown; a streaming message says so', () => {
    expect(message({ ts: 1, type: 'ask', ask: 'completion_result', text: '' }).querySelector('li')).toBeNull();
    expect(message({ ts: 1, type: 'say', say: 'text', text: 'Hel', partial: true }).querySelector('.streaming')).not.toBeNull();
  });
});

const followup: PendingAsk = { taskId: 't-1', ts: 5, ask: 'followup', category: 'interactive', text: FOLLOWUP_TEXT };
const tool: PendingAsk = { taskId: 't-1', ts: 6, ask: 'tool', category: 'interactive', text: TOOL_TEXT };
const noop = { answer: vi.fn(), approve: vi.fn(), deny: vi.fn(), resume: vi.fn() };

describe('the ask panel offers only what the role and session allow', () => {
  it('one tap on a suggestion answers it', () => {
    const answer = vi.fn();
    const el = draw(<AskPanel ask={followup} canOperate canApprove={false} busy={false} actions={{ ...noop, answer }} />);
    const buttons = [...el.querySelectorAll<HTMLButtonElement>('.suggestion')];
    expect(buttons.map((b) => b.textContent)).toEqual(['German', 'English (ask)']);
    act(() => buttons[0].click());
    expect(answer).toHaveBeenCalledWith('German');
  });

  it('deny with feedback; approve only where the session can', () => {
    const deny = vi.fn();
    const el = draw(<AskPanel ask={tool} canOperate canApprove={false} busy={false} actions={{ ...noop, deny }} />);
    expect(el.querySelector('#approve')).toBeNull();
    const input = el.querySelector<HTMLInputElement>('#deny-feedback')!;
    act(() => {
      input.value = 'Use English';
      input.dispatchEvent(new Event('input'));
    });
    act(() => el.querySelector<HTMLButtonElement>('#deny')!.click());
    expect(deny).toHaveBeenCalledWith('Use English');
    const withBridge = draw(<AskPanel ask={tool} canOperate canApprove busy={false} actions={noop} />);
    expect(withBridge.querySelector('#approve')).not.toBeNull();
  });

  it('a viewer sees what Roo waits for and no button', () => {
    const el = draw(<AskPanel ask={tool} canOperate={false} canApprove busy={false} actions={noop} />);
    expect(el.textContent).toContain('Roo wants to create greeting.txt.');
    expect(el.querySelectorAll('button').length).toBe(0);
  });
});

describe('composer and session list', () => {
  it('names the send button after what it does', () => {
    expect(sendLabel(undefined)).toBe('Start task');
    expect(sendLabel(followup)).toBe('Answer');
    expect(sendLabel({ ...followup, ask: 'completion_result', category: 'idle' })).toBe('Continue task');
    expect(sendLabel({ ...followup, ask: 'resume_task', category: 'resumable' })).toBe('Resume with message');
  });

  it('starts a task with the chosen mode', async () => {
    const onNewTask = vi.fn(async () => true);
    const el = draw(
      <Composer ask={undefined} modes={[{ slug: 'ask', name: 'Ask' }]} mode="code" busy={false} onSend={vi.fn()} onNewTask={onNewTask} />,
    );
    const text = el.querySelector<HTMLTextAreaElement>('#prompt')!;
    const select = el.querySelector<HTMLSelectElement>('#task-mode')!;
    act(() => {
      text.value = 'Write a poem';
      text.dispatchEvent(new Event('input'));
      select.value = 'ask';
      select.dispatchEvent(new Event('change'));
    });
    await act(async () => {
      el.querySelector<HTMLButtonElement>('#send')!.click();
    });
    expect(onNewTask).toHaveBeenCalledWith('Write a poem', 'ask');
  });

  it('sessions that need you come first, each with its badge and what it does', () => {
    const sessions = [
      info({ sessionId: 'a', name: 'alpha' }),
      info({ sessionId: 'b', name: 'beta', pendingAsk: tool }),
    ];
    const el = draw(<SessionList sessions={sessions} linkUp onOpen={vi.fn()} />);
    const rows = [...el.querySelectorAll('.session-row')];
    expect(rows.map((r) => r.querySelector('.session-name')?.textContent)).toEqual(['beta', 'alpha']);
    expect(rows[0].querySelector('.badge')?.textContent).toBe('needs you');
    expect(rows[0].querySelector('.session-doing')?.textContent).toBe('Roo wants to create greeting.txt.');
    expect(rows[1].querySelector('.badge')?.textContent).toBe('running');
  });
});
