import { describe, expect, it } from 'vitest';
import { readyProfile, twinSetup } from './twin-fixture';

describe('ProfileEditor', () => {
  it('exports and imports a twin pack without touching existing profiles', async () => {
    const { editor } = await twinSetup('x');
    const profile = await readyProfile(editor);
    const { json, fileName } = editor.exportPack(profile);
    expect(fileName).toBe('ada.rehearse-twin.json');
    const copy = await editor.importPack(new File([json], fileName));
    expect(copy.id).not.toBe(profile.id);
    expect(copy.name).toBe('Ada (imported)');
    expect(copy.qa).toEqual(profile.qa);
    await expect(editor.importPack(new File(['{"format":"rehearse-twin-pack","version":9}'], 'new.json'))).rejects.toThrow(/newer version/);
    expect(await editor.listProfiles()).toHaveLength(2);
  });

  it('proposes questions from the resume once and caches them on the profile', async () => {
    const { editor, engine } = await twinSetup('1. What did you optimize at Acme?\n2. How do you run workshops?');
    const profile = await readyProfile(editor);
    const next = await editor.proposeQuestions(profile);
    expect(next.suggestedQuestions?.questions).toEqual(['What did you optimize at Acme?', 'How do you run workshops?']);
    expect(engine.requests[0]?.messages[0]?.content).toContain('Compiler engineer at Acme');
    await editor.proposeQuestions(next);
    expect(engine.requests).toHaveLength(1);
    expect((await editor.listProfiles())[0]?.suggestedQuestions?.questions).toHaveLength(2);
  });

  it('refuses a blank name and a CSV without usable rows, saving nothing', async () => {
    const { editor } = await twinSetup('x');
    const profile = await editor.createProfile('Ada');
    await expect(editor.saveProfile({ ...profile, name: '  ' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(editor.importQaCsv(profile, new File(['Question,Answer\nOnly a question?,\n'], 'qa.csv'))).rejects.toMatchObject({
      code: 'invalid-import',
    });
    expect(await editor.getProfile(profile.id)).toEqual(profile);
  });
});
