/**
 * The practice setup form: defaults, validation with messages per field, and the words on
 * the Start button. Pure, so the rules are tested without a browser.
 */
import type { InterviewType, InterviewerStyle, PracticeSetup, Seniority } from './records';
import { looksBinary } from './text-checks';

/** One definition for the form and the service. One question is a valid short drill. */
export const QUESTION_LIMITS = { min: 1, max: 15, default: 6 } as const;

export function defaultSetup(): PracticeSetup {
  return {
    jobDescription: '',
    resume: '',
    type: 'behavioral',
    questionCount: QUESTION_LIMITS.default,
    style: 'friendly',
    language: 'en',
    seniority: 'mid',
    answerTimerSeconds: 0,
  };
}

/** The answer timer's choices (seconds; 0 is off). It shows time pressure and never cuts an answer off. */
export const ANSWER_TIMER_CHOICES = [0, 60, 120, 180] as const;

export const SENIORITY_LEVELS: readonly Seniority[] = ['entry', 'mid', 'senior', 'lead'];

const isSeniority = (value: unknown): value is Seniority => SENIORITY_LEVELS.includes(value as Seniority);
const isTimerChoice = (value: unknown): value is number => (ANSWER_TIMER_CHOICES as readonly unknown[]).includes(value);

export type SetupErrors = Partial<Record<'jobDescription' | 'resume' | 'questionCount' | 'seniority' | 'answerTimerSeconds', string>>;

export function validateSetup(setup: PracticeSetup): SetupErrors {
  const errors: SetupErrors = {};
  if (!setup.jobDescription.trim()) {
    errors.jobDescription = 'Paste a job description, or type a few keywords (for example “PostgreSQL, Python, team lead”).';
  } else if (looksBinary(setup.jobDescription)) {
    // Pasting a binary file's contents would only feed the model junk; say so instead.
    errors.jobDescription =
      'This does not look like text (it contains binary characters). Copy the job description from a web page or document and paste it again.';
  }
  if (setup.type === 'resume' && !setup.resume.trim()) {
    errors.resume = 'A resume interview asks about your own experience: paste your resume or import it from a file.';
  } else if (looksBinary(setup.resume)) {
    errors.resume =
      'This does not look like text (it contains binary characters). Paste the resume text again, or import it from a .pdf, .docx or .txt file.';
  }
  const n = setup.questionCount;
  if (!Number.isInteger(n) || n < QUESTION_LIMITS.min || n > QUESTION_LIMITS.max) {
    errors.questionCount = `Choose between ${QUESTION_LIMITS.min} and ${QUESTION_LIMITS.max} questions.`;
  }
  // Both are optional (older setups lack them); a value that is there must be one the form offers.
  if (setup.seniority !== undefined && !isSeniority(setup.seniority)) errors.seniority = 'Choose entry, mid, senior or lead.';
  if (setup.answerTimerSeconds !== undefined && !isTimerChoice(setup.answerTimerSeconds)) {
    errors.answerTimerSeconds = 'Choose no timer, or 1, 2 or 3 minutes.';
  }
  return errors;
}

const TYPE_WORDS: Record<InterviewType, string> = { professional: 'professional', behavioral: 'behavioral', resume: 'resume' };

export function startLabel(setup: Pick<PracticeSetup, 'questionCount' | 'type'>): string {
  return `Start a ${setup.questionCount}-question ${TYPE_WORDS[setup.type]} interview`;
}

export const TYPE_DESCRIPTIONS: Record<InterviewType, { label: string; description: string }> = {
  professional: { label: 'Professional', description: 'Skills and knowledge the job description asks for.' },
  behavioral: { label: 'Behavioral', description: 'Soft skills: real situations, told as STAR stories.' },
  resume: { label: 'Resume', description: 'Your own experience, from your resume.' },
};

export const STYLE_DESCRIPTIONS: Record<InterviewerStyle, { label: string; description: string }> = {
  friendly: { label: 'Friendly', description: 'Warm and encouraging.' },
  neutral: { label: 'Neutral', description: 'Calm and matter-of-fact.' },
  tough: { label: 'Tough', description: 'Probing; presses for specifics.' },
};

export const SENIORITY_DESCRIPTIONS: Record<Seniority, { label: string; description: string }> = {
  entry: { label: 'Entry level', description: 'Fundamentals, learning fast, working with guidance.' },
  mid: { label: 'Mid level', description: 'Delivers on your own, with sound judgement in your area.' },
  senior: { label: 'Senior', description: 'Owns designs and trade-offs; makes the team better.' },
  lead: { label: 'Lead', description: 'Sets direction across teams; people, priorities, influence.' },
};

/** "Off", "1 min", "2 min", "3 min" for the answer timer's choices. */
export function answerTimerLabel(seconds: number): string {
  return seconds > 0 ? `${Math.round(seconds / 60)} min` : 'Off';
}

/** Restores a saved draft, ignoring anything malformed. */
/** The form as localStorage kept it: untrusted (another version, a hand edit), so each field is checked. */
export function parseDraft(raw: unknown): PracticeSetup {
  const base = defaultSetup();
  if (!raw || typeof raw !== 'object') return base;
  const value = raw as Partial<Record<keyof PracticeSetup, unknown>>;
  return {
    jobDescription: typeof value.jobDescription === 'string' ? value.jobDescription : base.jobDescription,
    resume: typeof value.resume === 'string' ? value.resume : base.resume,
    type: value.type === 'professional' || value.type === 'behavioral' || value.type === 'resume' ? value.type : base.type,
    questionCount: typeof value.questionCount === 'number' ? value.questionCount : base.questionCount,
    style: value.style === 'friendly' || value.style === 'neutral' || value.style === 'tough' ? value.style : base.style,
    language: typeof value.language === 'string' ? value.language : base.language,
    seniority: isSeniority(value.seniority) ? value.seniority : base.seniority,
    answerTimerSeconds: isTimerChoice(value.answerTimerSeconds) ? value.answerTimerSeconds : base.answerTimerSeconds,
    // "Practise the gaps" (coverage) fills the form with the requirements to target.
    ...(Array.isArray(value.focusRequirements) && value.focusRequirements.every((r) => typeof r === 'string')
      ? { focusRequirements: value.focusRequirements as string[] }
      : {}),
  };
}
