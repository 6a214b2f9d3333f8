/**
 * Turns the bytes of an imported text file (.txt, .md, .csv) into text without losing
 * letters. Most files are UTF-8; files saved by Excel or Notepad on Windows in a Western
 * European locale are Windows-1252, where `’`, `é` and `€` are single bytes that are not
 * valid UTF-8 (a lenient UTF-8 decoder turns each into U+FFFD, and the text is silently
 * damaged). So: a byte-order mark decides; otherwise strict UTF-8; otherwise Windows-1252,
 * and the caller is told, so it can say so.
 *
 * Windows-1252 is decoded here rather than with TextDecoder: Node's TextDecoder treats that
 * label as Latin-1 (0x80–0x9F become control characters), so tests and browsers would differ.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** WHATWG windows-1252 for 0x80–0x9F (the only bytes where it differs from Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 16_384;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const slice = bytes.subarray(start, start + CHUNK);
    const units = new Uint16Array(slice.length);
    for (let i = 0; i < slice.length; i++) {
      const b = slice[i]!;
      units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...units));
  }
  return parts.join('');
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  // Excel's "Unicode text" is UTF-16 with a mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** What to tell the user when the file was not UTF-8, or null when there is nothing to say. */
export function encodingNote(encoding: TextEncoding): string | null {
  return encoding === 'windows-1252'
    ? 'It was not saved as UTF-8, so it was read as Western European text (Windows-1252). If some letters look wrong, save it as UTF-8 and import it again.'
    : null;
}
