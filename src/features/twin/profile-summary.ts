/**
 * Phones: once a profile has something in it, the profile editor starts folded under one
 * "Edit profile" line, so the conversation is on the first screen instead of ~1,500 px down.
 * A new, empty profile starts open (there is nothing to talk about yet), and so does one with
 * a project being written (a reload reopens that editor). Wide screens always show it.
 */
import type { TwinProfile } from '../../domain/twin/types';

/** True when the profile holds anything the twin answers from. */
export function profileHasContent(profile: TwinProfile | undefined): boolean {
  return profile !== undefined && (profile.resume.trim() !== '' || profile.qa.length > 0 || profile.projects.length > 0);
}

/** Whether the profile editor starts open on this screen width. */
export function profileStartsOpen(profile: TwinProfile | undefined, wide: boolean, projectDraftKept: boolean): boolean {
  return wide || projectDraftKept || !profileHasContent(profile);
}

/** "resume · 6 saved answers · 2 projects": what the folded profile holds. */
export function profileContents(profile: TwinProfile): string {
  const parts: string[] = [];
  if (profile.resume.trim() !== '') parts.push('resume');
  if (profile.qa.length > 0)
    parts.push(`${profile.qa.length.toLocaleString('en')} saved ${profile.qa.length === 1 ? 'answer' : 'answers'}`);
  if (profile.projects.length > 0) parts.push(`${profile.projects.length} ${profile.projects.length === 1 ? 'project' : 'projects'}`);
  return parts.join(' · ');
}
