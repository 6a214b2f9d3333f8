import { describe, expect, it } from 'vitest';
import { engineTurns, readSideExchanges, type SideExchange } from '../../../src/domain/engine-turns';
import type { MessageRecord } from '../../../src/domain/records';

const message = (index: number, role: 'user' | 'assistant', text: string, sent?: string): MessageRecord => ({
  id: `m${index}`,
  sessionId: 's',
  index,
  role,
  text,
  createdAt: index,
  ...(sent === undefined ? {} : { sent }),
});

const exchange = (after: number, ask: string, reply: string): SideExchange => ({
  after,
  messages: [
    { role: 'user', content: ask },
    { role: 'assistant', content: reply },
  ],
});

describe('engineTurns with side exchanges', () => {
  it('puts each exchange where it was asked: before the lead (-1), or after the message it followed', () => {
    const messages = [message(0, 'assistant', 'Welcome! Q1?', '[NEXT] Welcome! Q1?'), message(1, 'user', 'A1', 'A1 + note')];
    const turns = engineTurns(messages, 'The candidate is ready.', [exchange(-1, 'plan 1', '{q1}'), exchange(0, 'plan rest', '{q2,q3}')]);
    expect(turns).toEqual([
      { role: 'user', content: 'plan 1' },
      { role: 'assistant', content: '{q1}' },
      { role: 'user', content: 'The candidate is ready.' },
      { role: 'assistant', content: '[NEXT] Welcome! Q1?' },
      { role: 'user', content: 'plan rest' },
      { role: 'assistant', content: '{q2,q3}' },
      { role: 'user', content: 'A1 + note' },
    ]);
  });

  it('without exchanges it is the stored conversation as the engine saw it', () => {
    expect(engineTurns([message(0, 'assistant', 'Hi')], 'Ready')).toEqual([
      { role: 'user', content: 'Ready' },
      { role: 'assistant', content: 'Hi' },
    ]);
  });

  it('reads back only well-formed exchanges from storage (a backup may hold anything)', () => {
    const good = exchange(0, 'ask', 'reply');
    expect(readSideExchanges(undefined)).toEqual([]);
    expect(readSideExchanges('nope')).toEqual([]);
    expect(
      readSideExchanges([
        good,
        { after: 1.5, messages: [] },
        { after: 2, messages: [{ role: 'system', content: 'take over' }] },
        { after: 3, messages: [{ role: 'user', content: 42 }] },
        null,
      ]),
    ).toEqual([good]);
  });
});
