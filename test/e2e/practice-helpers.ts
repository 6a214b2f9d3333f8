/**
 * Helpers for the practice-interview e2e specs: point the app at the fake OpenAI server,
 * a responder that plays a believable interviewer (it reads the same prompts a real model
 * gets and answers in the shape they ask for), and small UI steps (setup, answer).
 */
import { patchStoredSettings } from './idb-helpers';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import type { FakeChatRequest, FakeReply, Responder } from '../fake-openai/server';

export const JOB_DESCRIPTION = [
  'Senior Platform Engineer at Northwind Logistics',
  '',
  'You will lead a small team that runs our PostgreSQL clusters and deployment pipeline.',
  'You resolve disagreements between teams calmly and with data.',
  'You mentor junior engineers and give clear, kind feedback.',
  'You take ownership of incidents and communicate with stakeholders during outages.',
  'Experience with Python and Terraform is a plus.',
].join('\n');

export const ANSWERS = {
  q1: 'At Contoso two teams argued about the release freeze. I gathered the incident data, ran a short meeting, and we agreed a weekly window that cut failed deploys by 40 percent.',
  followUp: 'My own role was to prepare the numbers and facilitate; the decision was shared by both leads.',
  q2: 'I paired with a junior engineer every Tuesday for three months and she now owns our backup tooling.',
  q3: 'During a database outage I became incident commander, posted updates every fifteen minutes, and wrote the postmortem the next day.',
};

/** Points the app at the fake server through the settings record (what the Settings UI saves). */
export async function useFakeRemote(
  page: Page,
  baseUrl: string,
  options: { acknowledged?: boolean; speakReplies?: boolean } = {},
): Promise<void> {
  await offlineModelHub(page);
  await page.goto('/#/');
  await expect(page.locator('main h1').first()).toBeVisible();
  await patchStoredSettings(page, {
    engine: 'remote',
    ...(options.speakReplies === undefined ? {} : { voice: { speakReplies: options.speakReplies } }),
    remote: {
      presetId: 'custom',
      baseUrl,
      model: 'fake-model',
      apiKey: 'test-key',
      acknowledgedHosts: (options.acknowledged ?? true) ? [new URL(baseUrl).host] : [],
    },
  });
  // Settings are read once at start-up.
  await page.reload();
  await expect(page.locator('main h1').first()).toBeVisible();
}

/**
 * The retriever asks the model mirror (huggingface.co) for the embedding model; these machines
 * cannot reach it. Failing those requests at once keeps the tests hermetic and fast (the
 * retriever then falls back to words); the request log still records them.
 */
export async function offlineModelHub(page: Page): Promise<void> {
  await page.context().route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
}

/** Model-file downloads from the mirror: the only foreign requests the practice flow may make. */
export const isModelDownload = (url: string) => /^https:\/\/huggingface\.co\/[\w.-]+\/[\w.-]+\/resolve\/main\/[\w./-]+$/.test(url);

// ── recognising the prompts ──────────────────────────────────────────────────────────────

export type PromptKind =
  'guideline' | 'repair' | 'feedback' | 'summary' | 'opening' | 'follow-up-or-next' | 'question' | 'closing' | 'unknown';

/** The interviewer's instruction for this turn: the note at the end of the newest user message. */
export function turnInstruction(request: Pick<FakeChatRequest, 'lastUser'>): string {
  return request.lastUser.split('Your next turn: ')[1] ?? '';
}

export function promptKind(request: FakeChatRequest): PromptKind {
  const user = request.lastUser;
  if (request.json && user.startsWith('Write the guideline')) return 'guideline';
  if (request.json && user.startsWith('Your previous reply could not be used')) return 'repair';
  if (request.json && user.startsWith('You are an experienced interview coach')) return 'feedback';
  if (user.startsWith('Summarize the conversation')) return 'summary';
  const turn = turnInstruction(request);
  if (turn.startsWith('Greet the candidate')) return 'opening';
  if (turn.includes('Decide whether that answer needs a follow-up')) return 'follow-up-or-next';
  if (turn.includes('Do not ask a follow-up')) return 'question';
  if (turn.startsWith('The candidate has answered the last planned question')) return 'closing';
  return 'unknown';
}

/**
 * The material a guideline request is grounded in: it is asked inside the interview's
 * conversation, so that is the interviewer's system message, its job description and resume.
 */
export function guidelineMaterial(request: Pick<FakeChatRequest, 'system'>): string {
  const block = (tag: string) => new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(request.system)?.[1] ?? '';
  return [block('job_description'), block('resume')].filter((b) => b && b !== '(none given)').join('\n');
}

/** The sentences of a guideline request's material. */
function materialSentences(request: Pick<FakeChatRequest, 'system'>): string[] {
  const material = guidelineMaterial(request);
  return (
    material
      .split(/\n+|(?<=[.!?])\s+/)
      .map((s) => s.trim())
      // Requirements are sentences; a title line ("Senior Engineer at …") is not one.
      .filter((s) => s.length > 20 && /[.!?]$/.test(s))
  );
}

const QUESTION_TEMPLATES = [
  'Tell me about a time you had to resolve a disagreement between two teams.',
  'Describe how you have helped a junior colleague grow.',
  'Walk me through an incident where you had to keep stakeholders informed.',
  'Tell me about a decision you made with incomplete information.',
  'Describe a time you changed your mind after hearing feedback.',
];

/** How many questions a guideline prompt lists as already planned (its second step: questions 2…N). */
export function plannedBefore(prompt: string): number {
  const list = /already planned[^\n]*\n((?:\d+\. [^\n]*(?:\n|$))*)/.exec(prompt)?.[1] ?? '';
  return list.split('\n').filter((line) => /^\d+\. /.test(line)).length;
}

/**
 * Guideline JSON: one question per requirement, each requirement quoted from the material. The
 * guideline comes in two steps (question 1, then the rest, told which exist): the second step
 * continues where the planned ones end, so no question repeats.
 */
export function guidelineJson(request: FakeChatRequest, questions: readonly string[] = QUESTION_TEMPLATES): string {
  const count = Number(/exactly (\d+) interview questions/.exec(request.lastUser)?.[1] ?? '3');
  const from = plannedBefore(request.lastUser);
  const sentences = materialSentences(request);
  return JSON.stringify({
    questions: Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return {
        text: questions[i % questions.length],
        topic: `Topic ${i + 1}`,
        requirement: sentences[i % Math.max(1, sentences.length)] ?? '',
      };
    }),
  });
}

/** The quoted question in a turn instruction ("ask planned question 2: \"…\""). */
function plannedQuestion(request: FakeChatRequest): { number: number; text: string } | undefined {
  const turn = turnInstruction(request);
  const match = /ask planned question (\d+):\s*"([^"]+)"/.exec(turn);
  return match ? { number: Number(match[1]), text: match[2]! } : undefined;
}

/** The answers per question in a feedback prompt, in order. */
export function answersInFeedbackPrompt(prompt: string): string[][] {
  return prompt
    .split(/\n\nQuestion \d+: |^You[\s\S]*?\nQuestion \d+: /)
    .slice(1)
    .map((block) => [...block.matchAll(/<answer>\n([\s\S]*?)\n<\/answer>/g)].map((m) => m[1]!));
}

/** Feedback JSON whose evidence quotes the first seven words of each question's first answer. */
export function feedbackJson(request: FakeChatRequest, overall = 72): string {
  const threads = answersInFeedbackPrompt(request.lastUser);
  return JSON.stringify({
    overallScore: overall,
    summary: 'You told concrete stories with numbers. Say more about your own role.',
    categories: { relevance: 8, depth: 6, structure: 7, clarity: 8, confidence: 7 },
    questions: threads.map((answers, i) => ({
      question: i + 1,
      score: 7 - (i % 3),
      evidence: answers[0] ? [answers[0].split(/\s+/).slice(0, 7).join(' ')] : [],
      strengths: [`Concrete detail in answer ${i + 1}`],
      improvements: ['State the result first'],
      sampleAnswer: 'Situation, task, action, result — with a number in the result.',
    })),
    strengths: ['Specific examples'],
    improvements: ['Name your own contribution'],
  });
}

export interface InterviewerOptions {
  /** Planned question numbers (1-based) after whose first answer the interviewer asks a follow-up. */
  followUpAfter?: number[];
  /** Replaces the reply text for interviewer turns (e.g. hostile markup). */
  decorate?: (text: string, kind: PromptKind) => string;
  wordDelayMs?: number;
  overall?: number;
}

export const FOLLOW_UP = 'What was your own part in that, as opposed to the team’s?';

/** A responder that plays the whole interview: guideline, greeting, questions, one follow-up, closing, feedback. */
export function interviewer(options: InterviewerOptions = {}): Responder {
  const followed = new Set<number>();
  const followUpAfter = new Set(options.followUpAfter ?? [1]);
  const decorate = options.decorate ?? ((text: string) => text);
  const reply = (text: string, kind: PromptKind): FakeReply => ({ text: decorate(text, kind), wordDelayMs: options.wordDelayMs ?? 2 });
  return (request) => {
    const kind = promptKind(request);
    switch (kind) {
      case 'guideline':
        return { text: guidelineJson(request), wordDelayMs: 0 };
      case 'feedback':
        return { text: feedbackJson(request, options.overall), wordDelayMs: 0 };
      case 'summary':
        return { text: 'The candidate described earlier stories.', wordDelayMs: 0 };
      case 'opening': {
        const q = plannedQuestion(request);
        return reply(`Welcome, and thanks for making the time. This is a short practice interview. ${q?.text ?? ''}`, kind);
      }
      case 'follow-up-or-next': {
        const current = Number(/just answered planned question (\d+)/.exec(turnInstruction(request))?.[1] ?? '0');
        if (followUpAfter.has(current) && !followed.has(current)) {
          followed.add(current);
          return reply(`[FOLLOW-UP] ${FOLLOW_UP}`, kind);
        }
        const next = plannedQuestion(request);
        return next
          ? reply(`[NEXT] Thank you. ${next.text}`, kind)
          : reply('[NEXT] Thank you, that is the end of our interview. You can ask for feedback now.', kind);
      }
      case 'question': {
        const next = plannedQuestion(request);
        return reply(`Thank you. ${next?.text ?? ''}`, kind);
      }
      case 'closing':
        return reply('Thank you, that is the end of our interview. You can ask for feedback now.', kind);
      default:
        return undefined;
    }
  };
}

// ── UI steps ─────────────────────────────────────────────────────────────────────────────

export interface SetupInput {
  jobDescription?: string;
  resume?: string;
  type?: 'Professional' | 'Behavioral' | 'Resume';
  questions?: number;
}

/** Fills the setup form (does not submit). */
export async function fillSetup(page: Page, input: SetupInput = {}): Promise<void> {
  await page.goto('/#/practice');
  await expect(page.getByRole('heading', { level: 1, name: 'Set up a practice interview' })).toBeVisible();
  await page.getByLabel('Job description', { exact: true }).fill(input.jobDescription ?? JOB_DESCRIPTION);
  if (input.resume !== undefined) await page.getByLabel(/^Your resume/).fill(input.resume);
  await page.getByRole('radio', { name: new RegExp(`^${input.type ?? 'Behavioral'}`) }).check();
  await page.getByLabel('Questions', { exact: true }).fill(String(input.questions ?? 3));
}

/** Fills the form, starts, and waits for the first question to be complete. */
export async function startInterview(page: Page, input: SetupInput = {}): Promise<void> {
  await fillSetup(page, input);
  await page.getByRole('button', { name: /^Start a \d+-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1);
}

/**
 * Waits until the guideline's second step (questions 2…N, written in the background after the
 * opening) has been asked for, so a reply a test queues next goes to the interviewer's turn.
 */
export async function restOfGuidelineAsked(fake: { chatRequests(): FakeChatRequest[] }): Promise<void> {
  await expect.poll(() => fake.chatRequests().filter((r) => promptKind(r) === 'guideline').length).toBe(2);
}

/** The interview's error box (voice notices have their own). */
export const interviewAlert = (page: Page) => page.locator('.interview [role=alert]').filter({ hasNotText: 'Voice' });

/** The conversation log. */
export const conversation = (page: Page) => page.getByRole('log', { name: 'Conversation' });

/** Interviewer replies that are saved (the reply streaming now is wrapped apart, not a direct child). */
export const savedReplies = (page: Page) => conversation(page).locator(':scope > article[aria-label="Interviewer"]');

/** Waits until `count` interviewer replies are saved and nothing is streaming. */
export async function waitForReplies(page: Page, count: number, timeout?: number): Promise<void> {
  await expect(savedReplies(page)).toHaveCount(count, timeout ? { timeout } : {});
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
}

/** Types an answer, sends it with Enter and waits for the interviewer's complete reply. */
export async function answer(page: Page, text: string, expectReply?: string | RegExp): Promise<void> {
  const before = await savedReplies(page).count();
  const box = page.getByLabel('Your answer');
  await box.fill(text);
  await box.press('Enter');
  await expect(conversation(page).locator(':scope > article[aria-label="You"]').last()).toContainText(text);
  await waitForReplies(page, before + 1);
  if (expectReply !== undefined) await expect(savedReplies(page).last()).toContainText(expectReply);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
