/**
 * The scripted model of the turn-latency benchmark: replies of realistic length to whatever
 * the app asks, chosen by reading the request. UPDATE HERE when the prompts change what they
 * say (the phrases below come from prompts/turn-*.md, guideline.md, feedback.md,
 * repair-json.md, summarize.md and the twin's summary request).
 *
 * The turn instruction is looked for in the newest message that carries one, so it is found
 * whether it sits at the end of the system message (today) or in the newest user message.
 * Lengths: interviewer turns 60–120 tokens, the guideline JSON about 70 tokens a question
 * (pretty-printed, as small models write it), the feedback JSON about 1,300 tokens for eight
 * questions, twin answers about 120 tokens, summaries the length asked for.
 */
import type { ChatRequest } from '../../../src/ports/chat-engine';
import type { TokenCounter } from '../../../src/domain/tokens';
import type { Responder, Script } from '../../doubles/scripted-chat-engine';
import { KV_FOLLOW_UPS, KV_QUESTION_COUNT, KV_QUESTIONS } from '../fixtures/kv-material';
import { QUESTIONS } from '../fixtures/interview-text';

export type RequestKind = 'guideline' | 'feedback' | 'repair' | 'summary' | 'turn';

/** Every answer quotes this phrase (test/bench/fixtures/interview-text.ts `answerText`), so it is valid evidence. */
const EVIDENCE = 'My own part was to gather the data, write the proposal';

const text = (request: ChatRequest) => request.messages.map((m) => m.content).join('\n');
const last = (request: ChatRequest) => request.messages.at(-1)?.content ?? '';

export function kindOf(request: ChatRequest): RequestKind {
  if (request.json) {
    if (/<previous_reply>|could not be used/.test(last(request))) return 'repair';
    return /overallScore/.test(text(request)) ? 'feedback' : 'guideline';
  }
  if (/^\s*Summari[sz]e/.test(last(request))) return 'summary';
  return 'turn';
}

/** Token-sized pieces, as a real engine streams them. */
const reply = (content: string): Script => ({ text: content, pieceSize: 4 });

/** `from`: questions already planned (the guideline's second step lists them), so none repeats. */
export function guideline(count: number, from = 0): string {
  const questions = Array.from({ length: count }, (_, i) => QUESTIONS[(from + i) % QUESTIONS.length]!).map(
    ({ text, topic, requirement }) => ({
      text,
      topic,
      requirement,
    }),
  );
  return JSON.stringify({ questions }, null, 2);
}

export function feedback(count: number): string {
  const questions = Array.from({ length: count }, (_, i) => {
    const q = QUESTIONS[i % QUESTIONS.length]!;
    return {
      question: i + 1,
      score: 6 + (i % 3),
      evidence: [EVIDENCE],
      strengths: [
        `You gave a concrete situation about ${q.topic.toLowerCase()} and named your own part in it.`,
        'The result was measured, which makes the story believable.',
      ],
      improvements: ['Say earlier what the stakes were.', 'Name one thing you would do differently next time.'],
      sampleAnswer: `At Contoso, ${q.requirement.toLowerCase()} had become a risk for every product team. I measured where the time went, agreed a plan with the team leads, made the first change myself and paired with a junior engineer on the rest. Within a quarter the numbers improved by a third; next time I would involve on-call engineers earlier.`,
    };
  });
  return JSON.stringify({
    overallScore: 72,
    summary:
      'You answered with real situations, your own role and measured results. The answers would be stronger with the stakes stated first and a short reflection at the end of each story.',
    categories: { relevance: 8, depth: 7, structure: 6, clarity: 7, confidence: 7 },
    questions,
    strengths: ['Concrete, measured examples', 'Clear ownership of your part'],
    improvements: ['Open each story with the stakes', 'End with what you learned'],
  });
}

/** Plain prose of about `tokens` tokens. */
function prose(tokens: number, count: TokenCounter, sentences: readonly string[]): string {
  let out = '';
  for (let i = 0; count(out) < tokens; i++) out += `${out ? ' ' : ''}${sentences[i % sentences.length]}`;
  return out;
}

const SUMMARY_SENTENCES = [
  'The candidate described running eight PostgreSQL clusters with Patroni and monthly restore drills.',
  'They led incidents as commander with updates every fifteen minutes and measured the results afterwards.',
  'They mentored a junior engineer through weekly pairing until she owned the backup tooling.',
  'They resolved a conflict between two teams by measuring query costs and moving reporting to a replica.',
  'They cut the lead time from merge to production from three days to two hours.',
  'Questions already asked covered databases, failover, delivery, design reviews and incidents.',
];

function summary(request: ChatRequest, count: TokenCounter): string {
  const target = Number(/(?:about|at most) (\d+) tokens/.exec(text(request))?.[1] ?? 200);
  return prose(target, count, SUMMARY_SENTENCES);
}

const ACKS = [
  'Thank you, that was a clear example with real numbers behind it.',
  'I appreciate how specific that was, especially about your own part.',
  'That helps a lot; it is good to hear how you measured the result.',
  'Thanks for walking me through that so carefully.',
  'Good, that gives me a clear picture of how you work under pressure.',
  'Thank you, the detail about the follow-up with each team is useful.',
  'That is helpful, and it connects well with what the team here needs.',
  'Thanks, I like that you said what you would change.',
];

/** The newest message that carries a turn instruction (today: the system message's end). */
function turnInstruction(request: ChatRequest): string {
  for (const message of [...request.messages].reverse()) {
    if (/ask planned question|just answered planned question|interview is over|Greet the candidate/.test(message.content)) {
      const at = message.content.lastIndexOf('Your next turn:');
      return at >= 0 ? message.content.slice(at) : message.content;
    }
  }
  return '';
}

/** Plays the interviewer: a follow-up on the questions in KV_FOLLOW_UPS (once), otherwise what the turn asks for. */
export function practiceResponder(count: TokenCounter): Responder {
  const followedUp = new Set<number>();
  let turns = 0;
  return (request) => {
    const kind = kindOf(request);
    if (kind === 'guideline') {
      // The second step names the questions already planned, one numbered line each.
      const planned = /already planned[^\n]*\n((?:\d+\. [^\n]*\n?)*)/.exec(last(request))?.[1]?.trim().split('\n').length ?? 0;
      return reply(guideline(Number(/exactly (\d+)/.exec(last(request))?.[1] ?? KV_QUESTION_COUNT), planned));
    }
    if (kind === 'feedback') return reply(feedback(Number(/each of the (\d+) question/.exec(last(request))?.[1] ?? KV_QUESTION_COUNT)));
    if (kind === 'repair') return reply(/overallScore/.test(last(request)) ? feedback(KV_QUESTION_COUNT) : guideline(KV_QUESTION_COUNT));
    if (kind === 'summary') return reply(summary(request, count));
    const instruction = turnInstruction(request);
    const ack = ACKS[turns++ % ACKS.length]!;
    const next = /ask planned question (\d+):\s*"([^"]*)"/.exec(instruction);
    if (/Greet the candidate/.test(instruction))
      return reply(
        `Hello, and welcome. Thank you for making the time today. This is a ${KV_QUESTION_COUNT}-question practice interview for the Senior Platform Engineer role at Northwind, so take your time with each answer and tell me what you did yourself. ${next?.[2] ?? KV_QUESTIONS[0]!.text}`,
      );
    const answered = Number(/just answered planned question (\d+)/.exec(instruction)?.[1] ?? 0) - 1;
    const canFollowUp = /needs a follow-up/.test(instruction) && !/\(0 follow-up/.test(instruction);
    if (canFollowUp && KV_FOLLOW_UPS.has(answered) && !followedUp.has(answered)) {
      followedUp.add(answered);
      return reply(
        `[FOLLOW-UP] ${ack} I would like to stay with this story for a moment, because the details matter for this role. ${QUESTIONS[answered]!.followUp} Please be as concrete as you can.`,
      );
    }
    const marker = /\[NEXT\]/.test(instruction) ? '[NEXT] ' : '';
    if (!next)
      return reply(
        `${marker}${ack} That was the last of my questions, so the interview is over now. Thank you for your thoughtful answers today. Whenever you are ready, you can ask for feedback on how it went, question by question.`,
      );
    return reply(
      `${marker}${ack} Let us move on to a different part of the role, one the platform team deals with every week. ${next[2]} Take your time, and please tell me what you did yourself and how it turned out in the end.`,
    );
  };
}

const TWIN_SENTENCES = [
  'The short version is that I started by measuring what was actually happening, because the loudest complaint was not the biggest problem.',
  'I wrote a one-page plan with two options and their costs, and agreed it with the team leads before touching anything.',
  'We did the risky part in small steps, each one reversible, and I kept a running log that anyone could read.',
  'The result was measurable: fewer pages, faster deploys, and product teams who stopped asking us for help with the basics.',
  'Looking back, I would bring the on-call engineers in earlier, because they knew where the pain was long before the dashboards did.',
];

/** Plays the twin: a first-person answer of about 120 tokens that picks up the question. */
export function twinResponder(count: TokenCounter): Responder {
  let answers = 0;
  return (request) => {
    const kind = kindOf(request);
    if (kind === 'summary' || /condense interview transcripts/.test(text(request))) return reply(summary(request, count));
    // The question is the newest message's last line (examples for it may come first).
    const question = (
      last(request)
        .split('\n')
        .filter((line) => line.trim())
        .at(-1) ?? ''
    )
      .trim()
      .replace(/[?.!]+$/, '');
    const start = answers++ % TWIN_SENTENCES.length;
    const sentences = [...TWIN_SENTENCES.slice(start), ...TWIN_SENTENCES.slice(0, start)];
    return reply(`About "${question.slice(0, 80)}": ${prose(95, count, sentences)}`);
  };
}
