/** Words with times from a transcription, and speech-synthesis voices: vocabulary of the voice ports and the pure voice logic. */
export interface TimedWord {
  text: string;
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
}

export interface Voice {
  id: string;
  name: string;
  lang: string;
  /** Local voices work offline; network voices send the text to the browser vendor. */
  local: boolean;
  default: boolean;
}
