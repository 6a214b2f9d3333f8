import { describe, expect, it } from 'vitest';
import { writeRestOfGuideline } from '../../../src/app/practice/preparation';
import { shortGuidelineNote } from '../../../src/domain/guideline';
import type { Guideline, PracticeSetup } from '../../../src/domain/records';
import type { ChatMessage } from '../../../src/domain/chat';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { ScriptedChatEngine } from '../../doubles/scripted-chat-engine';

const JD = `- Operate PostgreSQL at scale.
- Lead design reviews.
- Mentor junior engineers.`;
const setup: PracticeSetup = { jobDescription: JD, resume: '', type: 'professional', questionCount: 4, style: 'neutral', language: 'en' };
const first: Guideline = {
  groundedIn: ['c1'],
  questions: [{ id: 'q1', text: 'How do you operate PostgreSQL at scale?', topic: 'DB', requirement: 'Operate PostgreSQL at scale.' }],
};
const rest = (questions: { text: string; requirement: string }[]) =>
  JSON.stringify({ questions: questions.map((q) => ({ ...q, topic: 'T' })) });

const SYSTEM: ChatMessage = { role: 'system', content: 'You are the interviewer.' };

async function restOf(reply: string, wanted = setup, conversation: ChatMessage[] = [SYSTEM]) {
  const engine = new ScriptedChatEngine([reply]);
  const { guideline, exchange } = await writeRestOfGuideline(
    { setup: wanted, engine, count: approximateTokenCounter, signal: new AbortController().signal, onUsage: async () => {}, conversation },
    first,
    { groundedIn: ['c1'] },
  );
  return {
    guideline,
    exchange,
    request: engine.requests[0]!.messages,
    prompt: engine.requests[0]!.messages.map((m) => m.content).join('\n'),
  };
}

describe('the rest of the guideline', () => {
  it('a guideline that came back short keeps how many were asked for, so the screens can say so', async () => {
    const { guideline } = await restOf(
      rest([
        { text: 'Tell me about a design review you led.', requirement: 'Lead design reviews.' },
        { text: 'How do you mentor?', requirement: 'mentoring new hires' },
      ]),
    );
    expect(guideline.questions).toHaveLength(3);
    expect(guideline.requested).toBe(4);
    expect(shortGuidelineNote(guideline)).toBe('3 of the 4 questions you asked for');
    // Checked in code: the JD's words are a quote, the model's own words are not.
    expect(guideline.questions.map((q) => q.requirementQuoted)).toEqual([undefined, true, false]);
  });

  it('a whole guideline carries no requested count', async () => {
    const { guideline } = await restOf(
      rest([
        { text: 'Tell me about a design review you led.', requirement: 'Lead design reviews.' },
        { text: 'How do you mentor junior engineers?', requirement: 'Mentor junior engineers.' },
        { text: 'How do you plan a migration?', requirement: 'Operate PostgreSQL at scale.' },
      ]),
    );
    expect(guideline.questions).toHaveLength(4);
    expect('requested' in guideline).toBe(false);
  });

  it('asks with the candidate’s level, and with the keyword rule when the setup is keywords alone', async () => {
    const reply = rest([
      { text: 'How would you tune a slow PostgreSQL query?', requirement: 'PostgreSQL' },
      { text: 'How do you structure a Python service?', requirement: 'Python' },
      { text: 'How do you lead a team through a deadline?', requirement: 'team lead' },
    ]);
    const keywords = await restOf(reply, { ...setup, jobDescription: 'PostgreSQL, Python, team lead', seniority: 'lead' });
    expect(keywords.prompt).toContain('Lead: expect direction set across teams');
    expect(keywords.prompt).toContain('only a list of keywords');
    const prose = await restOf(reply, { ...setup, seniority: 'entry' });
    expect(prose.prompt).toContain('Entry level: expect sound fundamentals');
    expect(prose.prompt).not.toContain('only a list of keywords');
  });

  it('is asked inside the conversation, as its continuation, and returns what it added to it', async () => {
    const reply = rest([
      { text: 'Tell me about a design review you led.', requirement: 'Lead design reviews.' },
      { text: 'How do you mentor junior engineers?', requirement: 'Mentor junior engineers.' },
      { text: 'How do you plan a migration?', requirement: 'Operate PostgreSQL at scale.' },
    ]);
    const conversation: ChatMessage[] = [
      SYSTEM,
      { role: 'user', content: 'Write the guideline … (question 1)' },
      { role: 'assistant', content: '{"questions": […]}' },
      { role: 'user', content: 'The candidate is ready.' },
      { role: 'assistant', content: 'Welcome! How do you operate PostgreSQL at scale?' },
    ];
    const { request, exchange } = await restOf(reply, { ...setup, seniority: 'entry' }, conversation);
    // Every earlier message byte for byte, then one new request: the engine continues its cache.
    expect(request.slice(0, -1)).toEqual(conversation);
    const asked = request.at(-1)!;
    expect(asked.role).toBe('user');
    expect(asked.content).toMatch(/^Write the guideline's other questions: exactly 3 interview questions/);
    expect(asked.content).toContain('1. How do you operate PostgreSQL at scale?');
    // The rules were given with question 1's request: not repeated.
    expect(asked.content).not.toContain('Entry level');
    // Kept in the conversation as sent and as generated, so the next turn continues this request.
    expect(exchange).toEqual([asked, { role: 'assistant', content: reply }]);
  });
});
