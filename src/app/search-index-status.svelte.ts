/**
 * What the search index is doing in the background, for a status line any screen can show:
 * after the user switches search model, the stored passages are embedded again the next time
 * they are searched (HybridRetriever.onReindexProgress), which can take a while on a slow
 * device, and the first time also downloads the new model.
 */
import type { AppError } from '../domain/errors';
import type { ProgressEvent } from '../ports/progress';

export interface ReindexView {
  done: number;
  total: number;
  /** Percent of the new model's download while the first batch waits for it. */
  downloadPercent?: number;
}

export class SearchIndexStatus {
  /** Namespaces being re-embedded now, by namespace (practice and twin may overlap). */
  private readonly running = $state<Record<string, ReindexView>>({});

  #keywordsOnly = $state<AppError | null>(null);

  /** Why search by meaning is unavailable and words alone are matched, or null while it works. */
  get keywordsOnly(): AppError | null {
    return this.#keywordsOnly;
  }

  /** HybridRetriever's onKeywordsOnly. */
  searchMode(why: AppError | null): void {
    this.#keywordsOnly = why;
  }

  /** The combined progress, or null when nothing is being re-indexed. */
  get reindexing(): ReindexView | null {
    const views = Object.values(this.running);
    if (views.length === 0) return null;
    const view: ReindexView = { done: 0, total: 0 };
    for (const v of views) {
      view.done += v.done;
      view.total += v.total;
      if (v.downloadPercent !== undefined) view.downloadPercent = v.downloadPercent;
    }
    return view;
  }

  /** HybridRetriever's onReindexProgress: (0, n) at the start, counts, (n, n) at the end. */
  report(namespace: string, done: number, total: number, download?: ProgressEvent): void {
    if (done >= total) {
      delete this.running[namespace];
      return;
    }
    const view: ReindexView = { done, total };
    if (download?.fraction !== undefined) view.downloadPercent = Math.round(download.fraction * 100);
    this.running[namespace] = view;
  }
}

/** The status line's words while search falls back to words alone (said once, when it starts). */
export function describeKeywordsOnly(why: AppError): string {
  return `Search by meaning is not available right now, so Rehearse matches your words instead; questions and examples may fit a little less closely. Why: ${why.message}`;
}

/** The status line's words: "Updating your search index for the new search model: 40 of 120 passages". */
export function describeReindex(view: ReindexView): string {
  if (view.downloadPercent !== undefined && view.done === 0)
    return `Downloading the new search model (first time only): ${view.downloadPercent}%`;
  return `Updating your search index for the new search model: ${view.done} of ${view.total} passages`;
}
