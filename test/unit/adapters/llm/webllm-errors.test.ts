import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/domain/errors';
import { mapWebLLMError } from '../../../../src/adapters/llm/webllm-errors';

const load = {
  modelId: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
  phase: 'load' as const,
  alternativeModelId: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
};
const generate = { modelId: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', phase: 'generate' as const };

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('mapWebLLMError', () => {
  it.each([
    ['WebGPUNotAvailableError: WebGPU is not supported in your current environment', 'webgpu-unavailable'],
    ['Error: Unable to find a compatible GPU. This issue might be…', 'webgpu-unavailable'],
    ['Error: Cannot initialize runtime because of requested maxBufferSize exceeds limit. requested=256MB', 'webgpu-unavailable'],
    ['ShaderF16SupportError: This model requires WebGPU extension shader-f16', 'shader-f16-unavailable'],
    ['DeviceLostError: The WebGPU device was lost while loading the model.', 'gpu-device-lost'],
    ['TypeError: Failed to fetch', 'model-download-failed'],
    ['Error: ArtifactOPFSCache: Unable to fetch https://huggingface.co/x, received status 404', 'model-download-failed'],
    ['QuotaExceededError: The quota has been exceeded.', 'quota-exceeded'],
    ['AbortError: signal is aborted without reason', 'aborted'],
    ['ModelNotFoundError: Cannot find model record in appConfig', 'model-load-failed'],
  ])('maps the worker string %s', (text, code) => {
    expect(mapWebLLMError(text, load).code).toBe(code);
  });

  it('maps Error objects by name', () => {
    expect(mapWebLLMError(named('DeviceLostError', 'lost'), generate).code).toBe('gpu-device-lost');
    expect(mapWebLLMError(named('QuotaExceededError', 'full'), load).code).toBe('quota-exceeded');
    expect(mapWebLLMError(new DOMException('full', 'QuotaExceededError'), load).code).toBe('quota-exceeded');
  });

  it('names the f32 twin for a missing shader-f16', () => {
    const error = mapWebLLMError('ShaderF16SupportError: requires shader-f16', load);
    expect(error.details).toMatchObject({ alternativeModelId: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', modelId: load.modelId });
    expect(error.message).toContain('Switch to Llama-3.2-1B-Instruct-q4f32_1-MLC');
  });

  it('tells the user what to do next in every message', () => {
    expect(mapWebLLMError('DeviceLostError: x', generate).message).toMatch(/smaller model|remote model/);
    expect(mapWebLLMError('TypeError: Failed to fetch', load).message).toMatch(/try again/);
    expect(mapWebLLMError('QuotaExceededError', load).message).toMatch(/Delete/);
  });

  it('does not call a generation error a download failure', () => {
    expect(mapWebLLMError('TypeError: x is undefined', generate).code).toBe('unknown');
  });

  it('keeps AppErrors and the original cause', () => {
    const original = new AppError('aborted', 'Stopped.');
    expect(mapWebLLMError(original, load)).toBe(original);
    const cause = new TypeError('Failed to fetch');
    expect(mapWebLLMError(cause, load).cause).toBe(cause);
  });
});
