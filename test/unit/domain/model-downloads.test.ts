import { describe, expect, it } from 'vitest';
import { approxDownload, approxDownloadLabel, downloadState } from '../../../src/domain/model-downloads';
import { DEFAULT_EMBEDDING_MODEL } from '../../../src/adapters/ml/embedding-models';
import { WHISPER_MODELS } from '../../../src/domain/voice/whisper-models';
import { SEARCH_MODELS } from '../../../src/domain/search-models';

describe('downloadState', () => {
  const sets = [
    ['config.json', 'onnx/a.onnx'],
    ['config.json', 'onnx/b.onnx'],
  ];
  it('is missing with nothing cached', () => {
    expect(downloadState({ bytes: 0, files: [] }, sets)).toBe('missing');
  });
  it('is partial when bytes are there but a required file is not', () => {
    expect(downloadState({ bytes: 40_000_000, files: ['config.json'] }, sets)).toBe('partial');
    // Files of two different sets do not add up to one complete set.
    expect(downloadState({ bytes: 1, files: ['onnx/a.onnx', 'onnx/b.onnx'] }, sets)).toBe('partial');
  });
  it('is complete when every file of any one set is cached', () => {
    expect(downloadState({ bytes: 5, files: ['config.json', 'onnx/b.onnx', 'extra.json'] }, sets)).toBe('complete');
    expect(downloadState({ bytes: 5, files: ['config.json', 'onnx/a.onnx'] }, sets)).toBe('complete');
  });
  it('never calls anything complete without a required set', () => {
    expect(downloadState({ bytes: 5, files: ['config.json'] }, [])).toBe('partial');
    expect(downloadState({ bytes: 5, files: ['config.json'] }, [[]])).toBe('partial');
  });
});

describe('approxDownloadLabel', () => {
  it('knows every model we offer', () => {
    const offered = [...SEARCH_MODELS.map((m) => m.id), ...WHISPER_MODELS.flatMap((m) => [m.id, m.englishId!])];
    expect(offered).toContain(DEFAULT_EMBEDDING_MODEL);
    for (const id of offered) expect(approxDownload(id), id).toBeDefined();
  });
  it('gives one figure when it does not depend on the device, the graphics-card figure otherwise', () => {
    expect(approxDownloadLabel(DEFAULT_EMBEDDING_MODEL)).toBe('about 25 MB');
    expect(approxDownloadLabel('onnx-community/whisper-base.en_timestamped')).toBe('about 80 MB, up to 220 MB on a graphics card');
    expect(approxDownloadLabel('onnx-community/whisper-tiny_timestamped')).toBe('about 45 MB, up to 125 MB on a graphics card');
  });
  it('says nothing for a model it does not know', () => {
    expect(approxDownloadLabel('me/custom-whisper')).toBeUndefined();
  });
  it('English-only and multilingual siblings are the same size', () => {
    for (const m of WHISPER_MODELS) expect(approxDownload(m.englishId!)).toEqual(approxDownload(m.id));
  });
});
