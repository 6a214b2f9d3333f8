import { describe, expect, it } from 'vitest';
import { decodeText, decodeWindows1252, encodingNote } from '../../../src/domain/text-encoding';
import { windows1252 } from '../../fixtures/windows-1252';

describe('decodeText', () => {
  it('reads text that is not valid UTF-8 as Windows-1252: no U+FFFD where ’, é and € were', () => {
    const original = 'Café “résumé” – it’s 5 € … cœur';
    const bytes = windows1252(original);
    // What File.text() did before: every special letter lost.
    expect(new TextDecoder().decode(bytes)).toContain('\uFFFD');
    expect(decodeText(bytes)).toEqual({ text: original, encoding: 'windows-1252' });
  });

  it('keeps UTF-8 as it is, with or without a byte-order mark', () => {
    const text = 'Zoë’s 日本語 résumé 😀';
    expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toEqual({ text, encoding: 'utf-8' });
  });

  it('reads UTF-16 with a byte-order mark (Excel’s “Unicode text”)', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0xe9, 0x00, 0xac, 0x20]);
    expect(decodeText(le)).toEqual({ text: 'Hé€', encoding: 'utf-16le' });
    const be = new Uint8Array([0xfe, 0xff, 0x00, 0x48, 0x00, 0xe9]);
    expect(decodeText(be)).toEqual({ text: 'Hé', encoding: 'utf-16be' });
  });

  it('decodes long Windows-1252 files in chunks, every byte mapped', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => 0x80 + (i % 32));
    const text = decodeWindows1252(bytes);
    expect(text).toHaveLength(100_000);
    expect(text.slice(0, 3)).toBe('€\u0081‚');
    expect(text.at(-1)).toBe('Ÿ');
  });

  it('says what happened only when the file was not UTF-8', () => {
    expect(encodingNote('utf-8')).toBeNull();
    expect(encodingNote('windows-1252')).toMatch(/not saved as UTF-8.*Windows-1252/);
  });
});
