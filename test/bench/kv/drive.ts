/**
 * Every call the turn-latency benchmark makes into the app services, in one place.
 * UPDATE THIS FILE when the services' API changes (src/app/practice/practice-service.ts and
 * src/app/twin/profile-editor.ts + conversations.ts today).
 *
 * What a step is: one thing the user does and then waits for. The driver says when a step
 * begins (`hooks.step`) and hands every piece of text that reaches the screen to
 * `hooks.visible`, with all the text of that step so far; the benchmark reads the engine's
 * position at those moments. Steps, in order:
 *   practice: 'start' (Start on the setup form: session, guideline, opening turn),
 *             'answer 1'…'answer N' (each answer until the interviewer's next turn),
 *             'finish' (Finish until the first part of the report: a question's assessment);
 *   twin:     'question 1'…'question N' (the question sent until the answer).
 * Requests the app makes outside a step (background work) are counted after the step before.
 * The services are imported when a drive starts, so one mode that fails to load (mid-refactor)
 * does not hide the other's figures.
 */
import { answeredQuestions } from '../../../src/app/practice/feedback-step';
import type { AssessedQuestion } from '../../../src/domain/feedback';
import { createMemoryRepositories } from '../../../src/adapters/storage/memory-repositories';
import { parseQaCsv } from '../../../src/adapters/files/csv-import';
import { projectFromMarkdown } from '../../../src/adapters/files/project-markdown';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import type { TokenCounter } from '../../../src/domain/tokens';
import type { ChatEngine } from '../../../src/ports/chat-engine';
import {
  KV_JOB_DESCRIPTION,
  KV_QUESTION_COUNT,
  KV_RESUME,
  TWIN_NAME,
  TWIN_PROJECTS,
  TWIN_QA_CSV,
  TWIN_QUESTIONS,
  answerText,
} from '../fixtures/kv-material';

export interface DriveHooks {
  /** A user action begins. */
  step(label: string): void;
  /** Text reached the screen during the current step; `soFar` is all of this step's visible text. */
  visible(soFar: string): void;
  /** The current step is over (its reply is complete). */
  done(): void;
}

export interface DriveDeps {
  engine: ChatEngine;
  count: TokenCounter;
  hooks: DriveHooks;
}

function clock() {
  let now = Date.UTC(2026, 0, 1);
  return { now: () => (now += 1000) };
}

function ids() {
  let n = 0;
  return () => `id-${++n}`;
}

/** A scripted 8-question practice interview, Start to report. */
export async function drivePractice({
  engine,
  count,
  hooks,
}: DriveDeps): Promise<{ interviewerTurns: number; assessed: AssessedQuestion[] }> {
  const { PracticeService } = await import('../../../src/app/practice/practice-service');
  const service = new PracticeService({
    engine: () => engine,
    repos: createMemoryRepositories(),
    retriever: new Bm25Retriever(),
    chunk: (text) => chunkText(text),
    clock: clock(),
    ids: ids(),
    tokenCounter: async () => count,
  });
  let shown = '';
  const callbacks = {
    onDelta: (piece: string) => {
      shown += piece;
      hooks.visible(shown);
    },
    onReset: () => void (shown = ''),
  };

  hooks.step('start');
  const session = await service.createSession({
    jobDescription: KV_JOB_DESCRIPTION,
    resume: KV_RESUME,
    type: 'professional',
    questionCount: KV_QUESTION_COUNT,
    style: 'neutral',
    language: 'en',
  });
  await service.prepare(session.id);
  await service.start(callbacks);
  hooks.done();
  // While the candidate reads and answers, the service works in the background (the rest of
  // the guideline, a summary the next turn needs): those requests count after the step.
  await service.settled();

  for (let n = 0; service.interview!.state.phase === 'awaiting-answer'; n++) {
    hooks.step(`answer ${n + 1}`);
    shown = '';
    await service.answer(answerText(n), callbacks);
    hooks.done();
    await service.settled();
  }
  const phase = service.interview!.state.phase;
  if (phase !== 'closed') throw new Error(`the interview ended in phase ${phase}, not closed`);

  hooks.step('finish');
  // Each question's assessment shows as soon as it is complete (the feedback is written after
  // the closing reply, so on Finish the first ones are usually there already).
  const finished = await service.finish(undefined, (questions) => hooks.visible(questions.map((q) => q.question).join('\n')));
  if (!finished.feedback) throw new Error('finish() returned no feedback');
  hooks.visible(finished.feedback.summary);
  hooks.done();
  const interview = service.interview!;
  return {
    interviewerTurns: interview.messages.filter((m) => m.role === 'assistant').length,
    // What the feedback assessed, for reading where in its text the first assessment was complete.
    assessed: answeredQuestions(interview.session.guideline, interview.messages),
  };
}

/** A 10-question twin conversation over a profile with a resume, 25 saved answers and 4 projects. */
export async function driveTwin({ engine, count, hooks }: DriveDeps): Promise<{ modelAnswers: number; savedAnswers: number }> {
  const { ProfileEditor } = await import('../../../src/app/twin/profile-editor');
  const { TwinConversations } = await import('../../../src/app/twin/conversations');
  const { RetrieverTwinRanker } = await import('../../../src/app/twin/twin-ranker');
  const newId = ids();
  const repos = createMemoryRepositories();
  const ranker = new RetrieverTwinRanker(new Bm25Retriever());
  const profiles = new ProfileEditor({
    engine: () => engine,
    repos,
    ranker,
    files: {
      readQaCsv: async (file, makeId) => parseQaCsv(await file.text(), makeId),
      readProjectMarkdown: async (file) => projectFromMarkdown(await file.text(), file.name),
      readText: async (file) => ({ text: await file.text(), title: file.name }),
    },
    clock: clock(),
    newId,
    countTokens: count,
  });
  const conversations = new TwinConversations({ engine: () => engine, repos, ranker, clock: clock(), newId, countTokens: count });

  let profile = await profiles.createProfile(TWIN_NAME);
  profile = (await profiles.importQaCsv(profile, new File([TWIN_QA_CSV], 'answers.csv'))).profile;
  profile = await profiles.saveProfile({ ...profile, resume: KV_RESUME });
  profile = (
    await profiles.importProjects(
      profile,
      TWIN_PROJECTS.map((p) => new File([p.markdown], p.file)),
    )
  ).profile;
  if (profile.qa.length !== 25 || profile.projects.length !== 4) throw new Error('the twin profile did not import as expected');

  const conversation = await conversations.start(profile);
  let modelAnswers = 0;
  let savedAnswers = 0;
  for (const [i, question] of TWIN_QUESTIONS.entries()) {
    hooks.step(`question ${i + 1}`);
    await conversations.ask(conversation, question, profile);
    let shown = '';
    const result = await conversations.answer(conversation, profile, {
      signal: new AbortController().signal,
      callbacks: {
        onDelta: (piece) => {
          shown += piece;
          hooks.visible(shown);
        },
      },
    });
    hooks.done();
    if (result.inspect.source === 'model') modelAnswers++;
    else savedAnswers++;
  }
  return { modelAnswers, savedAnswers };
}
