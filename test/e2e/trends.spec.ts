import type { SessionRecord } from '../../src/domain/records';
import { test, expect, openScreen, expectAccessible } from './fixtures';
import { seedDatabase } from './idb-helpers';
import { message, session } from '../unit/domain/backup/sample-data';

const DAY = 86_400_000;
const T0 = 1_700_000_000_000;

/** A scored interview on day `day`, with its overall score and structure score. */
function scored(id: string, day: number, overall: number, structure: number, type: 'behavioral' | 'professional'): SessionRecord {
  const base = session(id, { title: `Interview ${id}`, createdAt: T0 + day * DAY, updatedAt: T0 + day * DAY, jobKey: 'job-1' });
  return {
    ...base,
    setup: { ...base.setup!, type },
    feedback: { ...base.feedback!, overallScore: overall, categories: { ...base.feedback!.categories, structure } },
  };
}

/** A spoken answer of one minute with `words` words. */
const spoken = (sessionId: string, words: number) =>
  message(sessionId, 1, {
    kind: 'answer',
    metrics: {
      durationSeconds: 60,
      wordCount: words,
      wordsPerMinute: words,
      fillerCount: 2,
      fillersPerMinute: 2,
      fillers: { um: 2 },
      pausesOver2s: 1,
      longestPauseSeconds: 2.5,
    },
  });

test('history trends: each skill over time with its sentence and table, filtered by type, and the delivery of spoken answers', async ({
  page,
}) => {
  await openScreen(page, 'history');
  await seedDatabase(page, {
    sessions: [
      scored('a', 0, 58, 4, 'behavioral'),
      scored('b', 1, 81, 6, 'behavioral'),
      scored('c', 2, 77, 7, 'professional'),
      session('open', { title: 'Interview open', status: 'active', feedback: undefined, createdAt: T0 + 3 * DAY }),
    ],
    messages: [message('a', 0), spoken('a', 120), message('b', 0), spoken('b', 150)],
  });
  await page.reload();

  const trends = page.getByRole('region', { name: 'Progress over time' });
  const overall = trends.getByRole('figure', { name: 'Overall score' });
  await expect(overall.getByTestId('trend-summary')).toHaveText(
    'Overall score: up 19 points over your last 3 interviews (from 58 to 77 out of 100).',
  );
  await expect(overall.getByRole('img')).toHaveAttribute(
    'aria-label',
    /^Overall score, out of 100, 3 interviews from .+\. Overall score: up 19 points/,
  );
  await expect(trends.getByRole('figure', { name: 'Structure' }).getByTestId('trend-summary')).toHaveText(
    'Structure: up 3 points over your last 3 interviews (from 4 to 7 out of 10).',
  );

  // The table alternative: a caption, headers, one row per scored interview (not the unfinished one).
  await overall.getByText('Overall score as a table').click();
  const table = overall.getByRole('table', { name: /Overall score \(out of 100\) of each of 3 interviews/ });
  await expect(table.getByRole('columnheader')).toHaveText(['Date', 'Interview', 'Overall score']);
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('Interview a');
  await expect(rows.nth(1).getByRole('cell').last()).toHaveText('58');
  await expect(rows.nth(3).getByRole('cell').last()).toHaveText('77');

  // Filtered by type: the one professional interview says it is one, not a trend.
  await trends.getByLabel('Interview type').selectOption('professional');
  await expect(overall.getByTestId('trend-summary')).toHaveText('Overall score: 77 out of 100, one interview so far.');
  await trends.getByLabel('Interview type').selectOption('behavioral');
  await expect(overall.getByTestId('trend-summary')).toHaveText(
    'Overall score: up 23 points over your last 2 interviews (from 58 to 81 out of 100).',
  );

  // Delivery: read when opened, from the two spoken interviews.
  await trends.getByText('Delivery of spoken answers over time').click();
  await expect(trends.getByRole('figure', { name: 'Pace' }).getByTestId('trend-summary')).toHaveText(
    'Pace: up from 120 to 150 words per minute over your last 2 spoken interviews.',
  );
  await expect(trends.getByRole('figure', { name: 'Fillers' }).getByRole('img')).toHaveAttribute(
    'aria-label',
    /steady at about 2 per minute/,
  );
  await expectAccessible(page, 'history trends');
});
