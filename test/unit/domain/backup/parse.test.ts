import { describe, expect, it } from 'vitest';
import { buildBackup, serializeBackup } from '../../../../src/domain/backup/export';
import { MAX_BACKUP_BYTES, checkBackupSize, parseBackup } from '../../../../src/domain/backup/parse';
import { AppError } from '../../../../src/domain/errors';
import { SECRET_KEY, message, sampleStored } from './sample-data';

function validText(): string {
  return serializeBackup(buildBackup(sampleStored(), { appVersion: '0.1.0', exportedAt: 1 }));
}

interface LooseBackup {
  [key: string]: unknown;
  data: { sessions: unknown[]; messages: unknown[]; documents: unknown[]; profiles: unknown[]; settings: Record<string, unknown> };
}

function validJson(): LooseBackup {
  return JSON.parse(validText());
}

function refusal(text: string): AppError {
  try {
    parseBackup(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('invalid-import');
    expect((e as AppError).message).toMatch(/Nothing was imported\.$/);
    return e as AppError;
  }
  throw new Error('parseBackup accepted a file it should refuse');
}

describe('parseBackup refuses, with a reason', () => {
  it('an empty file', () => {
    expect(refusal('').message).toMatch(/empty/);
    expect(refusal('  \n ').message).toMatch(/empty/);
  });

  it('a truncated file, at many cut points', () => {
    const text = validText();
    for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9, 0.999]) {
      expect(refusal(text.slice(0, Math.floor(text.length * fraction))).message).toMatch(/incomplete or damaged/);
    }
  });

  it('something that is not JSON at all (binary, CSV)', () => {
    expect(refusal('\u0000\u0001PK\u0003\u0004binary').message).toMatch(/not a Rehearse backup file \(it is not JSON\)/);
    expect(refusal('question,answer\nWhy?,Because').message).toMatch(/not JSON/);
  });

  it('JSON that is not a backup', () => {
    expect(refusal('[1,2,3]').message).toMatch(/not a Rehearse backup/);
    expect(refusal('{"hello":"world"}').message).toMatch(/not a Rehearse backup/);
    expect(refusal('null').message).toMatch(/not a Rehearse backup/);
  });

  it('a foreign format', () => {
    const json = validJson();
    json.format = 'someone-elses-backup';
    expect(refusal(JSON.stringify(json)).message).toMatch(/belongs to something else/);
  });

  it('a twin pack, pointing to the Twin screen', () => {
    expect(refusal(JSON.stringify({ format: 'rehearse-twin-pack', version: 1, profile: {} })).message).toMatch(/Twin screen/);
  });

  it('a newer version, telling the user to update', () => {
    const json = validJson();
    json.version = 2;
    const error = refusal(JSON.stringify(json));
    expect(error.message).toMatch(/newer version of Rehearse/);
    expect(error.message).toMatch(/Reload Rehearse to update/);
    expect(error.details).toMatchObject({ version: 2 });
  });

  it('a nonsense version', () => {
    for (const version of [0, -1, 1.5]) {
      const json = validJson();
      json.version = version;
      expect(refusal(JSON.stringify(json)).message).toMatch(/unknown version/);
    }
  });

  it('a record that fails the schema, naming which one', () => {
    const json = validJson();
    (json.data.sessions[1] as Record<string, unknown>).title = 42;
    expect(refusal(JSON.stringify(json)).message).toMatch(/interview or conversation number 2 is damaged \(field “title”\)/);

    const json2 = validJson();
    (json2.data.messages[0] as Record<string, unknown>).role = 'system';
    expect(refusal(JSON.stringify(json2)).message).toMatch(/message number 1 is damaged \(field “role”\)/);

    const json3 = validJson();
    delete (json3.data.profiles[0] as Record<string, unknown>).qa;
    expect(refusal(JSON.stringify(json3)).message).toMatch(/twin profile number 1 is damaged/);

    const json4 = validJson();
    delete (json4.data as Record<string, unknown>).documents;
    expect(refusal(JSON.stringify(json4)).message).toMatch(/document part is damaged/);
  });

  it('a project link that is not https, mailto or http on this computer (a javascript: link from a crafted file)', () => {
    for (const link of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'http://evil.example/', 'vbscript:x']) {
      const json = validJson();
      (json.data.profiles[0] as { projects: { link?: string }[] }).projects[0]!.link = link;
      expect(refusal(JSON.stringify(json)).message, link).toMatch(
        /twin profile number 1 is damaged \(field “projects\.0\.link”\): links must be https:, mailto: or http:\/\/localhost/,
      );
    }
    const json = validJson();
    (json.data.profiles[0] as { projects: { link?: string }[] }).projects[0]!.link = 'http://localhost:3000/demo';
    expect(parseBackup(JSON.stringify(json)).data.profiles[0]!.projects[0]!.link).toBe('http://localhost:3000/demo');
  });

  it('duplicate ids and duplicate message places', () => {
    const json = validJson();
    json.data.sessions.push(json.data.sessions[0]);
    expect(refusal(JSON.stringify(json)).message).toMatch(/appears twice/);

    const json2 = validJson();
    json2.data.messages.push(message('s1', 0, { id: 'other-id' }));
    expect(refusal(JSON.stringify(json2)).message).toMatch(/two messages claim place 1/);
  });
});

describe('parseBackup accepts', () => {
  it('and drops an API key planted in a hand-written file', () => {
    const json = validJson();
    (json.data.settings.remote as Record<string, unknown>).apiKey = SECRET_KEY;
    (json.data.settings.remote as Record<string, unknown>).encryptedApiKey = { salt: 'a', iv: 'b', data: 'c' };
    const file = parseBackup(JSON.stringify(json));
    expect(JSON.stringify(file)).not.toContain(SECRET_KEY);
    expect(file.data.settings?.remote).not.toHaveProperty('encryptedApiKey');
  });

  it('older settings with missing fields (filled with defaults later)', () => {
    const json = validJson();
    json.data.settings = { id: 'settings', theme: 'light' };
    expect(parseBackup(JSON.stringify(json)).data.settings).toEqual({ id: 'settings', theme: 'light' });
  });

  it('a reply labelled as not in the interview language, beside older messages without the label', () => {
    const stored = sampleStored();
    stored.messages[1] = message('s1', 1, { role: 'assistant', languageMismatch: { expected: 'de', detected: 'en' } });
    const file = parseBackup(serializeBackup(buildBackup(stored, { appVersion: '0.1.0', exportedAt: 1 })));
    expect(file.data.messages[1]!.languageMismatch).toEqual({ expected: 'de', detected: 'en' });
    expect(file.data.messages[0]).not.toHaveProperty('languageMismatch');

    const json = validJson();
    (json.data.messages[1] as Record<string, unknown>).languageMismatch = { detected: 'en' };
    expect(refusal(JSON.stringify(json)).message).toMatch(/message number 2 is damaged \(field “languageMismatch/);
  });

  it('an interview with an unsent answer (typed or spoken) in its box', () => {
    const stored = sampleStored();
    const metrics = {
      durationSeconds: 12,
      wordCount: 30,
      wordsPerMinute: 150,
      fillerCount: 1,
      fillersPerMinute: 5,
      fillers: { um: 1 },
      pausesOver2s: 0,
      longestPauseSeconds: 1.2,
    };
    const draft = { text: 'I led the migration 🚀 — مرحبا', savedAt: 5, spoken: true, metrics, words: [{ text: 'I', start: 0, end: 0.2 }] };
    stored.sessions[1] = { ...stored.sessions[1]!, draft };
    const file = parseBackup(serializeBackup(buildBackup(stored, { appVersion: '0.1.0', exportedAt: 1 })));
    expect(file.data.sessions[1]!.draft).toEqual(draft);
    expect(file.data.sessions[0]).not.toHaveProperty('draft');

    const json = validJson();
    (json.data.sessions[1] as Record<string, unknown>).draft = { text: 42, savedAt: 5 };
    expect(refusal(JSON.stringify(json)).message).toMatch(/interview or conversation number 2 is damaged \(field “draft/);
  });

  it('a file that starts with a byte-order mark', () => {
    expect(parseBackup(`\uFEFF${validText()}`).data.sessions).toHaveLength(3);
  });

  it('a 1 MB job description', () => {
    const stored = sampleStored();
    stored.sessions[0]!.setup!.jobDescription = 'x'.repeat(1_000_000);
    const text = serializeBackup(buildBackup(stored, { appVersion: '0.1.0', exportedAt: 1 }));
    expect(parseBackup(text).data.sessions[0]!.setup!.jobDescription).toHaveLength(1_000_000);
  });
});

describe('checkBackupSize', () => {
  it('refuses empty and absurdly large files before reading them', () => {
    expect(() => checkBackupSize(0)).toThrow(/empty/);
    expect(() => checkBackupSize(MAX_BACKUP_BYTES + 1)).toThrow(/far larger than any Rehearse backup/);
    expect(() => checkBackupSize(10_000)).not.toThrow();
  });
});
