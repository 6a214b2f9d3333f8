import { describe, expect, it } from 'vitest';
import { disciplineIssues, disciplineRetryNote } from '../../../../src/domain/interview/discipline';

const en = (text: string) => disciplineIssues(text, 'en');

describe('interviewer discipline', () => {
  describe('leaves good interviewer turns alone (one question, clarifying clauses, warm acknowledgements)', () => {
    it.each([
      'Thanks for walking me through that. Could you walk me through how you handled the outage — what did you do and why?',
      'That makes sense. What did you do next? And why?',
      'Was that decision yours? Or was it made by the team lead?',
      'How did the rollout go? In other words, what happened when it reached production?',
      'Welcome, and thanks for making the time. This is a five-question practice interview. Are you ready? Let’s start: tell me about a time you had to resolve a disagreement between two teams.',
      'Thanks, that’s a great example. Now, tell me about a time you gave difficult feedback to a colleague — how did you approach the conversation?',
      'When you say you "owned" the incident, what exactly did you do in the first hour?',
      "When you say you 'owned' the incident, what exactly did you do in the first hour?",
      'Tell me about a time you failed, for example with a deadline or a launch. What happened?',
      'There’s no perfect answer here, so take your time. What would you prioritise in your first 90 days?',
      'Thank you, that is the end of our interview. You can ask for feedback now.',
      'I’d like to hear more about the migration. What was your own part in it?',
      'Tell me what you might say to a colleague who keeps missing deadlines.',
      'How would you explain a technical trade-off to a non-technical stakeholder?',
      'Walk me through your approach to code review. What do you look for first, and how do you give feedback on a pull request?',
      'That’s still quite general. What exactly did you change, and what was the measurable result?',
      'You mentioned "a good answer would be to wait?" in your reply. What made you hesitate?',
      'Understood. Describe a project where the requirements changed halfway through.',
      'Could you tell me more about that? Specifically, what was your own role?',
      'Do you have any questions before we start? If not, tell me about the system you know best.',
    ])('%s', (reply) => {
      expect(en(reply)).toEqual([]);
    });
  });

  it('catches a turn that asks more than one question', () => {
    expect(
      en(
        'Great, thanks. What was the biggest challenge on that project? How did you overcome it? And what would you do differently next time?',
      ),
    ).toEqual(['several-questions']);
    expect(en('Tell me about your current role. What are you most proud of?\n\nAlso, why are you looking to leave?')).toEqual([
      'several-questions',
    ]);
  });

  it('catches a turn that answers its own question', () => {
    expect(
      en(
        'How would you shard a table that has grown past a billion rows? I’d probably start by splitting on customer ID and moving the hot tenants first.',
      ),
    ).toEqual(['own-answer']);
    expect(en('The right answer here is to add a read replica first. How would you approach the load problem?')).toEqual(['own-answer']);
    expect(en('What would you do if a release broke checkout? Most engineers would roll back first and investigate later.')).toEqual([
      'own-answer',
    ]);
  });

  it('catches hints about what to say', () => {
    expect(
      en(
        'Tell me about a time you led a team through a difficult change. A strong answer would mention how you brought people along and what the outcome was.',
      ),
    ).toEqual(['hint']);
    expect(en('Describe a conflict you resolved. For example, you could say how you got both sides to agree on the data.')).toEqual([
      'hint',
    ]);
    expect(en('Tell me about a failure. Feel free to use the STAR method.')).toEqual(['hint']);
    expect(en('How do you prioritise? (Hint: think about the stakeholders.)')).toEqual(['hint']);
    expect(en('Tell me about your biggest project. You might want to highlight the scale of the system.')).toEqual(['hint']);
  });

  it('catches feedback given mid-interview', () => {
    expect(en('Good answer! Now, how do you mentor junior engineers?')).toEqual(['feedback']);
    expect(en('That’s a great answer, really well structured. Next, tell me about a time you missed a deadline.')).toEqual(['feedback']);
    expect(en('Your answer was a bit vague on the result. What changed afterwards?')).toEqual(['feedback']);
    expect(en('You could have mentioned the rollback plan. Moving on: how do you handle being on call?')).toEqual(['feedback']);
    expect(en('Excellent, that’s exactly what I was looking for. Let’s move to the next topic: describe your testing strategy.')).toEqual([
      'feedback',
    ]);
  });

  it('reports every issue of one reply, in a fixed order', () => {
    expect(en('Well done, strong response. What did you learn? How would you apply it? A good answer would mention metrics.')).toEqual([
      'several-questions',
      'hint',
      'feedback',
    ]);
  });

  it('does not judge other languages, where its sentence rules and phrases do not apply', () => {
    expect(disciplineIssues('¡Buena respuesta! ¿Qué hiciste después? ¿Y cómo lo mediste?', 'es')).toEqual([]);
    expect(disciplineIssues('Gute Antwort! Was haben Sie gemacht? Und wie haben Sie das Ergebnis gemessen?', 'de')).toEqual([]);
    expect(disciplineIssues('Good answer! What did you do? How did you measure it?', 'fr')).toEqual([]);
    expect(disciplineIssues('Good answer! What did you do? How did you measure it?', 'en-GB')).toEqual(['several-questions', 'feedback']);
  });

  it('tells the model what to fix in the one regeneration', () => {
    const note = disciplineRetryNote(['several-questions', 'feedback']);
    expect(note).toMatch(
      /^\(Your previous draft asked more than one question\. Ask exactly one question\. .*evaluated.*Write your turn again\.\)$/,
    );
  });
});
