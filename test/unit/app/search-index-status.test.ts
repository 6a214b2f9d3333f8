import { describe, expect, it } from 'vitest';
import { SearchIndexStatus, describeReindex } from '../../../src/app/search-index-status.svelte';

describe('SearchIndexStatus (the status line while passages are embedded with a new search model)', () => {
  it('shows progress from the start and goes away at the end', () => {
    const status = new SearchIndexStatus();
    expect(status.reindexing).toBeNull();
    status.report('jd', 0, 120);
    expect(status.reindexing).toEqual({ done: 0, total: 120 });
    status.report('jd', 40, 120);
    expect(describeReindex(status.reindexing!)).toBe('Updating your search index for the new search model: 40 of 120 passages');
    status.report('jd', 120, 120);
    expect(status.reindexing).toBeNull();
  });

  it('adds up namespaces re-indexed at the same time, and ends each on its own', () => {
    const status = new SearchIndexStatus();
    status.report('jd', 10, 20);
    status.report('twin', 5, 50);
    expect(status.reindexing).toEqual({ done: 15, total: 70 });
    status.report('jd', 20, 20);
    expect(status.reindexing).toEqual({ done: 5, total: 50 });
  });

  it('says the new model is downloading while the first batch waits for it', () => {
    const status = new SearchIndexStatus();
    status.report('jd', 0, 30, { label: 'Downloading', phase: 'download', fraction: 0.42 });
    expect(describeReindex(status.reindexing!)).toBe('Downloading the new search model (first time only): 42%');
  });
});
