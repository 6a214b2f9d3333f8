/**
 * Reads a picked file as text with its encoding detected (`domain/text-encoding`): the one
 * way every text import (.txt, .md, .csv) reads a file, instead of `File.text()`, which
 * decodes everything as UTF-8 and silently replaces what it cannot read.
 */
import { decodeText, type DecodedText } from '../../domain/text-encoding';

export async function readFileText(file: Blob): Promise<DecodedText> {
  return decodeText(new Uint8Array(await file.arrayBuffer()));
}
