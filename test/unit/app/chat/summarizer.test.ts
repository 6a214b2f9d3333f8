import { describe, expect, it } from 'vitest';
import { chatSummarizer } from '../../../../src/app/chat/summarizer';
import type { ChatMessage } from '../../../../src/domain/chat';
import { approximateTokenCounter } from '../../../doubles/approximate-token-counter';
import { ScriptedChatEngine } from '../../../doubles/scripted-chat-engine';

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are the interviewer.' },
  { role: 'user', content: 'The candidate is ready.' },
  { role: 'assistant', content: 'Welcome! How do you run a design review?' },
  { role: 'user', content: 'I write a short doc first.' },
  { role: 'assistant', content: '[NEXT] Thanks. How do you mentor?' },
];
const older = conversation.slice(1, 3);

function summarizer(engine: ScriptedChatEngine, continuing?: { messages: ChatMessage[]; contextWindow: number }) {
  return chatSummarizer(engine, {
    speakers: { user: 'Candidate', assistant: 'Interviewer' },
    count: approximateTokenCounter,
    onUsage: () => {},
    ...(continuing ? { continuing: () => continuing } : {}),
  });
}

describe('chatSummarizer', () => {
  it('inside the conversation: every earlier message as the engine saw it, then one request (its cache is continued)', async () => {
    const engine = new ScriptedChatEngine(['They discussed design reviews.']);
    const text = await summarizer(engine, { messages: conversation, contextWindow: 4096 })(older, 200);
    expect(text).toBe('They discussed design reviews.');
    const sent = engine.requests[0]!.messages;
    expect(sent.slice(0, -1)).toEqual(conversation);
    expect(sent.at(-1)).toMatchObject({ role: 'user' });
    expect(sent.at(-1)!.content).toMatch(/^Summarize the conversation so far in about 200 tokens/);
    // Not the conversation again as quoted text: the engine has it.
    expect(sent.at(-1)!.content).not.toContain('<conversation>');
  });

  it('alone, with the turns quoted, when the conversation does not end with a reply or the request would not fit', async () => {
    for (const continuing of [
      { messages: conversation.slice(0, -1), contextWindow: 4096 },
      { messages: conversation, contextWindow: 300 },
      undefined,
    ]) {
      const engine = new ScriptedChatEngine(['Summary.']);
      await summarizer(engine, continuing)(older, 200);
      const sent = engine.requests[0]!.messages;
      expect(sent).toHaveLength(1);
      expect(sent[0]!.content).toContain('<conversation>\nCandidate: The candidate is ready.\n\nInterviewer: Welcome!');
    }
  });
});
