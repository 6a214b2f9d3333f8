/**
 * Typed access to the practice prompts in `prompts/*.md`. The wording lives in the Markdown
 * files (no logic there); this module picks the right file and fills it with the strict
 * renderer, so a renamed variable fails loudly in tests instead of shipping a broken prompt.
 */
import { renderPrompt, type PromptVars } from '../domain/prompt-template';
import type { Guideline, InterviewType, InterviewerStyle, PracticeSetup, Seniority } from '../domain/records';
import type { TurnPlan } from '../domain/interview/state';
import { languageNameInEnglish } from '../domain/languages';

const files = import.meta.glob<string>('../../prompts/*.md', { query: '?raw', import: 'default', eager: true });

function template(name: string): string {
  const text = files[`../../prompts/${name}.md`];
  if (text === undefined) throw new Error(`Missing prompt file prompts/${name}.md`);
  return text.trim();
}

function render(name: string, vars: PromptVars): string {
  return renderPrompt(template(name), vars);
}

const TYPE_LABEL: Record<InterviewType, string> = { professional: 'professional', behavioral: 'behavioral', resume: 'resume' };

/** "en" → "English", so the model sees a language name rather than a code. */
export const languageName = languageNameInEnglish;

/**
 * The prompts quote untrusted text (JD, resume, conversation) between tags such as
 * `<job_description>`. A JD that contains `</job_description>` would otherwise close the quote
 * and have its following text read as instructions; such tags are defused, the rest is verbatim.
 */
const QUOTE_TAG = /<(\/?)\s*(job_description|resume|material|conversation)\s*>/gi;
export function quoteSafe(text: string): string {
  return text.replace(QUOTE_TAG, (_whole, slash: string, name: string) => `‹${slash}${name}›`);
}

export function typeGuidance(type: InterviewType): string {
  return template(`type-${type}`);
}

export function styleGuidance(style: InterviewerStyle): string {
  return template(`style-${style}`);
}

/** What the candidate's level is expected to show, for the guideline and the rubric; older setups have none: mid. */
export function seniorityGuidance(seniority: Seniority | undefined): string {
  return template(`seniority-${seniority ?? 'mid'}`);
}

function questionText(guideline: Guideline, index: number): string {
  const question = guideline.questions[index];
  if (question === undefined) throw new Error(`Guideline has no question ${index + 1}`);
  return question.text;
}

/** `count`: the planned number of questions (the guideline may still be being written). */
export function renderTurnInstruction(plan: TurnPlan, guideline: Guideline, count = guideline.questions.length): string {
  switch (plan.kind) {
    case 'opening':
      return render('turn-opening', { questionCount: count, question: questionText(guideline, 0) });
    case 'question':
      return render('turn-question', { number: plan.questionIndex + 1, question: questionText(guideline, plan.questionIndex) });
    case 'closing':
      return render('turn-closing', {});
    case 'follow-up-or-next': {
      const nextStep =
        plan.next === 'closing'
          ? 'thank the candidate, say the interview is over and that they can now ask for feedback. Ask nothing more.'
          : `ask planned question ${plan.next + 1}: "${questionText(guideline, plan.next)}"`;
      return render('turn-follow-up-or-next', {
        number: plan.questionIndex + 1,
        question: questionText(guideline, plan.questionIndex),
        followUpsLeft: plan.followUpsLeft,
        nextStep,
      });
    }
  }
}

export interface InterviewerSystemInput {
  setup: PracticeSetup;
  /** Retrieved JD passages (not the whole JD: it can be 100 KB). */
  jobExcerpt: string;
  resumeExcerpt: string;
}

export function renderInterviewerSystem(input: InterviewerSystemInput): string {
  return render('interviewer-system', {
    interviewType: TYPE_LABEL[input.setup.type],
    // The planned count from the setup, not the guideline's length: the guideline is written
    // in two steps, and this message must stay the same bytes when the rest arrives.
    questionCount: input.setup.questionCount,
    language: languageName(input.setup.language),
    typeGuidance: typeGuidance(input.setup.type),
    styleGuidance: styleGuidance(input.setup.style),
    jobDescription: quoteSafe(input.jobExcerpt.trim()) || '(none given)',
    resume: quoteSafe(input.resumeExcerpt.trim()) || '(none given)',
  });
}

/**
 * The interviewer's instruction for one turn, as a note at the end of the newest user message.
 * It travels there, not in the system message, so the system message and every earlier
 * message stay byte for byte what the engine saw last turn and its cache can be continued.
 */
export function renderTurnNote(plan: TurnPlan, guideline: Guideline, count = guideline.questions.length): string {
  return render('turn-note', { turnInstruction: renderTurnInstruction(plan, guideline, count) });
}

/** The first user message: the opening has no answer to carry its note. */
export const OPENING_MESSAGE = 'The candidate is ready.';

/**
 * The guideline request, asked inside the interview's conversation (after the interviewer's
 * system message, which holds the job description and resume excerpts it is grounded in), so
 * the engine continues its cache instead of reading the material again.
 * `planned`: questions already written (the guideline comes in two steps: question 1 first,
 * the rest while the candidate answers it); the model is told them so none repeats.
 */
export function renderGuidelinePrompt(input: {
  type: InterviewType;
  count: number;
  language: string;
  planned?: readonly string[];
  seniority?: Seniority | undefined;
  /** Set up from keywords alone (`isKeywordsOnly`): there are no requirement sentences to quote. */
  keywordsOnly?: boolean;
  /** "Practise the gaps": requirements of the job description not covered yet, verbatim; the questions target them. */
  focus?: readonly string[];
  /** The second step, asked in the same conversation as the first: its rules are already there, so it is short. */
  continued?: boolean;
}): string {
  const planned = input.planned ?? [];
  const alreadyPlanned =
    planned.length === 0
      ? ''
      : `These questions are already planned; write different ones that test other requirements:\n${planned.map((q, i) => `${i + 1}. ${quoteSafe(q)}`).join('\n')}\n`;
  const focus = focusList(input.focus ?? []);
  if (input.continued)
    return render('guideline-rest', { count: input.count, language: languageName(input.language), alreadyPlanned, focus });
  return render('guideline', {
    interviewType: TYPE_LABEL[input.type],
    count: input.count,
    seniorityGuidance: seniorityGuidance(input.seniority),
    requirementRule: input.keywordsOnly
      ? template('guideline-requirement-keywords')
      : render('guideline-requirement-quote', {
          // A resume interview quotes the resume too (it is what the questions are about).
          source: input.type === 'resume' ? 'the resume or the job description' : 'the job description',
        }),
    alreadyPlanned,
    language: languageName(input.language),
    typeGuidance: typeGuidance(input.type),
    focus,
  });
}

/** The gaps a "Practise the gaps" interview targets, or nothing. */
function focusList(focus: readonly string[]): string {
  if (focus.length === 0) return '';
  return `This interview practises what the candidate has not covered yet. Each question tests one of these requirements of the job description, in this order, as many as the questions allow (a requirement already planned above is covered: take the next), and quotes it word for word in "requirement":\n${focus.map((r) => `- ${quoteSafe(r)}`).join('\n')}\n`;
}

export function renderFeedbackPrompt(input: {
  type: InterviewType;
  language: string;
  transcript: string;
  questionCount: number;
  seniority?: Seniority | undefined;
}): string {
  return render('feedback', {
    interviewType: TYPE_LABEL[input.type],
    seniorityGuidance: seniorityGuidance(input.seniority),
    language: languageName(input.language),
    transcript: input.transcript,
    questionCount: input.questionCount,
    // Behavioral answers get a STAR check; other types' prompts stay as they were.
    starGuidance: input.type === 'behavioral' ? `\n${template('feedback-star')}` : '',
  });
}

export const GUIDELINE_SHAPE = '{"questions": [{"text": "the question", "topic": "short label", "requirement": "quoted requirement"}]}';
export const FEEDBACK_SHAPE =
  '{"overallScore": 0, "summary": "...", "categories": {"relevance": 0, "depth": 0, "structure": 0, "clarity": 0, "confidence": 0}, "questions": [{"question": 1, "score": 0, "evidence": ["exact quote"], "strengths": ["..."], "improvements": ["..."], "sampleAnswer": "..."}], "strengths": ["..."], "improvements": ["..."]}';

/** Behavioral interviews: the same shape, each assessment with its STAR check (for the repair request). */
export const FEEDBACK_SHAPE_WITH_STAR = FEEDBACK_SHAPE.replace(
  '"sampleAnswer": "..."}',
  '"sampleAnswer": "...", "star": {"situation": "exact quote", "task": "", "action": "exact quote", "result": "", "suggestion": "..."}}',
);

export function renderRepairPrompt(input: { problem: string; shape: string; reply: string }): string {
  return render('repair-json', { problem: input.problem, shape: input.shape, reply: input.reply });
}

export function renderSummarizePrompt(input: { targetTokens: number; conversation: string }): string {
  return render('summarize', { targetTokens: input.targetTokens, conversation: quoteSafe(input.conversation) });
}

/** The summary asked as a continuation of the conversation it summarizes (it is all above). */
export function renderSummarizeInConversationPrompt(input: { targetTokens: number }): string {
  return render('summarize-in-conversation', { targetTokens: input.targetTokens });
}

export function jsonSystemPrompt(): string {
  return template('json-system');
}
