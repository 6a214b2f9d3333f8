/**
 * Interviewer discipline, checked in code: the system prompt says "one question per turn; never
 * answer your own question, hint or give feedback during the interview", and small models
 * break it. A complete reply is judged here; a broken one is asked for once more (with
 * `disciplineRetryNote`) and, if the second is no better, kept with a note (as the language
 * check does, `interviewer-turn.ts`). Writing the candidate's lines is caught while streaming
 * by the reply filter, not here.
 *
 * Judged conservatively: a false alarm costs a regeneration and, worse, a note that blames a
 * good reply; a miss only leaves things as they were. So:
 * - a question with a clarifying sub-clause is one question ("Could you walk me through X —
 *   what did you do and why?"); so is a short tag-on ("And why?"), an alternative ("Or was it
 *   the team's call?"), a rephrasing ("In other words, …?") and a procedural check-in ("Are
 *   you ready?");
 * - only explicit coaching phrases count as hints or feedback ("A strong answer would
 *   mention…", "Good answer!", "For example, you could say…"); a warm acknowledgement ("Thanks,
 *   that's a great example") is the friendly style, not an evaluation, and giving the scope of
 *   a question ("for example with a colleague or a manager") is not a hint.
 *
 * English only. The sentence rules and phrases are English; other languages mark questions
 * differently (Spanish ¿…?, Greek ";", Arabic "؟") and have their own idioms for tag-ons and
 * praise, so for any other interview language nothing is judged rather than judged badly.
 */
import type { DisciplineIssue } from '../records';

export type { DisciplineIssue };

/** The order issues are reported in (and named in notes). */
export const DISCIPLINE_ISSUES: readonly DisciplineIssue[] = ['several-questions', 'own-answer', 'hint', 'feedback'];

/** Judges a complete interviewer reply (visible text) in an interview held in `language`. */
export function disciplineIssues(text: string, language: string): DisciplineIssue[] {
  if (!/^en(?:[-_]|$)/i.test(language)) return [];
  const prose = withoutQuotes(text);
  const found = new Set<DisciplineIssue>();
  const sentences = splitSentences(prose);
  if (countQuestions(sentences) >= 2) found.add('several-questions');
  if (answersItself(prose, sentences)) found.add('own-answer');
  if (HINTS.some((re) => re.test(prose))) found.add('hint');
  if (FEEDBACK.some((re) => re.test(prose))) found.add('feedback');
  return DISCIPLINE_ISSUES.filter((issue) => found.has(issue));
}

const RETRY_NOTES: Record<DisciplineIssue, string> = {
  'several-questions': 'Your previous draft asked more than one question. Ask exactly one question.',
  'own-answer': 'Your previous draft answered its own question. Ask it and let the candidate answer.',
  hint: 'Your previous draft hinted at what a good answer contains. Give no hints and no examples of what to say.',
  feedback:
    "Your previous draft evaluated the candidate's answer. Do not judge or praise answers during the interview; at most a brief neutral acknowledgement.",
};

/** The note added to the newest user message for the one regeneration (the rest of the request is unchanged). */
export function disciplineRetryNote(issues: readonly DisciplineIssue[]): string {
  return `(${issues.map((issue) => RETRY_NOTES[issue]).join(' ')} Write your turn again.)`;
}

/** Quoted words (the candidate's, a term) and code say nothing about the interviewer's own turn. */
function withoutQuotes(text: string): string {
  return (
    text
      .replace(/`[^`]*`/g, ' ')
      .replace(/“[^”]*”|"[^"\n]*"|‘[^’\n]{1,80}’(?![a-z])/gi, ' ‹quote› ')
      // Curly apostrophes as typed ones, so "that’s" reads like "that's" below.
      .replace(/[’‘]/g, "'")
      .replace(/(^|[\s(])'[^'\n]{1,80}'(?=[\s.,;:!?)]|$)/g, '$1‹quote›')
  );
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])["')\]]*\s+|\n+/)
    .map((s) => s.replace(/^[\s*_>#-]+|[\s*_]+$/g, '').trim())
    .filter((s) => s.length > 0);
}

const isQuestion = (s: string) => /\?["')\]]*$/.test(s);
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Follows a question and belongs to it: "And why?", "How so?", "Or was it the team's decision?". */
const TAG_ON = /^(?:and|so|why|how|if so|if not|what else)\b/i;
const ALTERNATIVE = /^or\b/i;
const REPHRASE =
  /^(?:in other words|(?:more )?specifically|in particular|concretely|for (?:example|instance)|that is(?: to say)?|i mean|put (?:another way|differently)|to put it (?:another way|differently)|said differently)\b/i;
/** Procedural, not about the job: "Are you ready?", "Shall we begin?", "Does that make sense?". */
const CHECK_IN =
  /^(?:(?:are you|you) ready|ready|shall we (?:begin|start|get started|dive in)|(?:does that|that) (?:sound good|make sense|work for you)|sound good|is that (?:ok|okay|alright|all right|clear)|ok(?:ay)?|all right|alright|can you hear me|(?:do you have )?any questions (?:before we (?:start|begin))|how are you(?: doing)?(?: today)?)\b/i;

function countQuestions(sentences: readonly string[]): number {
  let count = 0;
  let afterQuestion = false;
  for (const sentence of sentences) {
    if (!isQuestion(sentence)) {
      afterQuestion = false;
      continue;
    }
    const belongs =
      afterQuestion && ((TAG_ON.test(sentence) && words(sentence) <= 4) || ALTERNATIVE.test(sentence) || REPHRASE.test(sentence));
    const procedural = CHECK_IN.test(sentence) && words(sentence) <= 8;
    if (!belongs && !procedural) count++;
    afterQuestion = true;
  }
  return count;
}

/** "The right answer is…", "One common approach would be…", or a question followed by "I'd probably start by…". */
const OWN_ANSWER =
  /\b(?:the|a|one)\s+(?:correct|right|best|ideal|common|typical|usual|standard|good)\s+(?:answer|approach|solution|way to (?:do|handle|approach|solve) (?:this|it|that))\s+(?:here\s+)?(?:is|would be|might be|could be)\b|\bthe answer (?:here )?(?:is|would be)\b/i;
const SELF_REPLY =
  /^(?:i would(?! (?:like|love|be|appreciate|also like))|i'd(?! (?:like|love|be|appreciate|also like))|personally,? i\b|most (?:people|candidates|engineers|teams) would|(?:typically|usually|normally|ideally),? (?:you|one|people|teams)(?: would|'d)?\b)/i;

function answersItself(prose: string, sentences: readonly string[]): boolean {
  if (OWN_ANSWER.test(prose)) return true;
  const first = sentences.findIndex(isQuestion);
  return first >= 0 && sentences.slice(first + 1).some((s) => SELF_REPLY.test(s));
}

/** What a good answer contains, or what to say: coaching the candidate mid-interview. */
const HINTS: readonly RegExp[] = [
  /\b(?:hint|tip)\s*:|\(\s*hint\b/i,
  /\b(?:a|an|the|your)\s+(?:strong|good|great|ideal|complete|perfect|best|model|excellent|solid)\s+(?:answer|response)\s+(?:would|should|might|could|will|includes?|covers?|mentions?)\b/i,
  /(?<!\b(?:what|how|why|when|where|which|whether|if|that|who)\s)\byou\s+(?:could|might|should|may want to|might want to|would want to|'d want to)\s+(?:also\s+)?(?:say|mention|talk about|highlight|point out|emphasi[sz]e|bring up|cite|start (?:with|by)|frame)\b/i,
  /\b(?:for example|for instance|e\.g\.),?\s+you\s+(?:could|might|can|may)\s+(?:say|mention|talk about|describe|explain|discuss|point to|highlight|cite)\b/i,
  /\b(?:think about|consider|remember to|don't forget to|try)\s+(?:mentioning|talking about|including|highlighting|emphasi[sz]ing|using (?:the )?star)\b/i,
  /\b(?:the\s+)?STAR\s+(?:method|format|framework|structure|technique)\b/i,
];

const PRAISE = '(?:great|good|excellent|strong|solid|nice|perfect|fantastic|wonderful|impressive|brilliant|weak|poor)';

/** Judging the answer: praise, criticism, a score, what it should have said. */
const FEEDBACK: readonly RegExp[] = [
  new RegExp(
    `(?<!\\b(?:no|any|not a|not an|isn't a|is no)\\s+)\\b${PRAISE}\\s+(?:answer|response)\\b(?!\\s+(?:would|should|might|could|will|includes?|covers?|mentions?)\\b)`,
    'i',
  ),
  /\b(?:well done|nicely done|well answered|good job|great job|nice job|nailed it|spot on)\b/i,
  /\b(?:exactly|just) what i (?:was|am|'m) looking for\b/i,
  /\b(?:your|that|this)\s+(?:answer|response)\s+(?:was|is)\s+(?:(?:a bit|a little|quite|very|really|too|rather|somewhat|pretty|fairly)\s+)?(?:good|great|excellent|strong|solid|fine|perfect|weak|vague|thin|short|brief|general|generic|incomplete|unclear|lacking|correct|wrong)\b/i,
  /\byour\s+(?:answer|response)\s+(?:lacked|lacks|missed|misses|could have|would have been|would be (?:stronger|better))\b/i,
  /\byou\s+(?:could|should|might)\s+have\s+(?:mentioned|said|talked about|included|explained|described|given|highlighted)\b/i,
  /\bi(?:'d| would)\s+(?:rate|score|give)\s+(?:that|this|it|your answer)\b/i,
];
