/**
 * The shapes the model must write, as zod schemas (one source of truth) turned into JSON
 * Schema for engines that constrain decoding with it: WebLLM's grammar makes any other reply
 * impossible; providers that support `response_format: json_schema` do the same. These are
 * the strict *written* shapes; the parsers (guideline.ts, feedback.ts) stay lenient and
 * validate meaning (grounding, verbatim quotes), so a model that ignores the schema still gets
 * one repair.
 */
import { z } from 'zod';
import { lazy } from './lazy';

const shapes = lazy(() => {
  const guideline = z.object({
    questions: z.array(z.object({ text: z.string(), topic: z.string(), requirement: z.string() })),
  });

  const score = z.number().int().min(0).max(10);

  const question = z.object({
    question: z.number().int().min(1),
    score,
    evidence: z.array(z.string()),
    strengths: z.array(z.string()),
    improvements: z.array(z.string()),
    sampleAnswer: z.string(),
  });

  /** Behavioral interviews only: a quote per STAR part ("" when missing) and one suggestion. */
  const star = z.object({ situation: z.string(), task: z.string(), action: z.string(), result: z.string(), suggestion: z.string() });

  const feedback = (assessment: z.ZodType) =>
    z.object({
      overallScore: z.number().int().min(0).max(100),
      summary: z.string(),
      categories: z.object({ relevance: score, depth: score, structure: score, clarity: score, confidence: score }),
      questions: z.array(assessment),
      strengths: z.array(z.string()),
      improvements: z.array(z.string()),
    });
  return { guideline, question, star, feedback };
});

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}

/** The guideline for `count` questions. */
export function guidelineJsonSchema(count: number): Record<string, unknown> {
  const schema = jsonSchema(shapes().guideline);
  const questions = (schema.properties as Record<string, Record<string, unknown>>).questions as Record<string, unknown>;
  return { ...schema, properties: { questions: { ...questions, minItems: count, maxItems: count } } };
}

/** `star`: behavioral interviews, whose assessments each carry a STAR check. */
export function feedbackJsonSchema(options: { star?: boolean } = {}): Record<string, unknown> {
  const { question, star, feedback } = shapes();
  return jsonSchema(feedback(options.star ? question.extend({ star }) : question));
}
