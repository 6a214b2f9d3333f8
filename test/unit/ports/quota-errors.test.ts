import { describe, expect, it } from 'vitest';
import { AppError, isQuotaError, toAppError } from '../../../src/domain/errors';
import { storageError } from '../../../src/adapters/storage/db';

/** The shapes browsers have used for "out of space". */
const quotaErrors: [string, unknown][] = [
  [
    'DOMException QuotaExceededError (Chrome, Safari, modern Firefox)',
    new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
  ],
  ['legacy code 22 (old WebKit, IE)', { name: 'Error', code: 22 }],
  ['Firefox NS_ERROR_DOM_QUOTA_REACHED', { name: 'NS_ERROR_DOM_QUOTA_REACHED', code: 1014 }],
  ['Firefox code 1014 alone', { name: 'Error', code: 1014 }],
  ['a plain object named QuotaExceededError (structured-cloned from a worker)', { name: 'QuotaExceededError', message: 'full' }],
];

const notQuota: [string, unknown][] = [
  ['a generic Error', new Error('boom')],
  ['a ConstraintError', new DOMException('Key already exists', 'ConstraintError')],
  ['an AbortError', new DOMException('aborted', 'AbortError')],
  ['a string', 'QuotaExceededError'],
  ['null', null],
  ['a number', 22],
];

describe('isQuotaError', () => {
  it.each(quotaErrors)('recognises %s', (_label, error) => {
    expect(isQuotaError(error)).toBe(true);
  });

  it.each(notQuota)('does not mistake %s for a quota error', (_label, error) => {
    expect(isQuotaError(error)).toBe(false);
  });
});

describe('the message a user sees when space runs out', () => {
  it.each(quotaErrors)('toAppError turns %s into quota-exceeded with what to delete', (_label, error) => {
    const appError = toAppError(error);
    expect(appError).toBeInstanceOf(AppError);
    expect(appError.code).toBe('quota-exceeded');
    expect(appError.message).toMatch(/out of storage space/);
    expect(appError.message).toMatch(/Delete downloaded models or old sessions/);
    expect(appError.cause).toBe(error);
  });

  it.each(quotaErrors)('a failed save with %s says nothing saved earlier was lost', (_label, error) => {
    const appError = storageError(error, 'write');
    expect(appError.code).toBe('quota-exceeded');
    expect(appError.message).toMatch(/no room left/);
    expect(appError.message).toMatch(/Nothing you had already saved was lost/);
  });

  it('other storage failures are not reported as a full disk', () => {
    expect(storageError(new DOMException('x', 'ConstraintError'), 'write').code).toBe('storage-write-failed');
    expect(storageError(new Error('blocked'), 'open').code).toBe('storage-unavailable');
  });
});
