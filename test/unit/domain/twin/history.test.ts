import { describe, expect, it } from 'vitest';
import { twinTurns } from '../../../../src/domain/twin/history';
import type { MessageRecord } from '../../../../src/domain/records';

let n = 0;
function message(role: MessageRecord['role'], text: string, extra: Partial<MessageRecord> = {}): MessageRecord {
  return { id: `m${n}`, sessionId: 's', index: n++, role, text, createdAt: n, ...extra };
}

describe('twinTurns', () => {
  it('sends each message as the engine saw it: never trimmed, the notes that went with a question included', () => {
    const turns = twinTurns([
      message('user', 'Why Rust?', { sent: 'Notes…\n\nThe interviewer asks: Why Rust?' }),
      message('assistant', '  Because it is safe.\n\n'),
      message('user', 'And Go?'),
    ]);
    expect(turns).toEqual([
      { role: 'user', content: 'Notes…\n\nThe interviewer asks: Why Rust?' },
      { role: 'assistant', content: '  Because it is safe.\n\n' },
      { role: 'user', content: 'And Go?' },
    ]);
  });

  it('keeps only the last of several answers to one question, and drops a trailing answer so the question is answered again', () => {
    const messages = [
      message('user', 'Tell me about yourself.'),
      message('assistant', 'Saved answer.', { source: 'saved-answer' }),
      message('assistant', 'Fresh answer.', { source: 'model' }),
      message('user', 'Why Rust?'),
      message('assistant', 'Because', { incomplete: true }),
    ];
    expect(twinTurns(messages)).toEqual([
      { role: 'user', content: 'Tell me about yourself.' },
      { role: 'assistant', content: 'Fresh answer.' },
      { role: 'user', content: 'Why Rust?' },
    ]);
  });

  it('joins questions asked one after another (turns must alternate) and skips empty replies', () => {
    expect(twinTurns([message('user', 'First?'), message('assistant', ''), message('user', 'Second?')])).toEqual([
      { role: 'user', content: 'First?\n\nSecond?' },
    ]);
  });
});
