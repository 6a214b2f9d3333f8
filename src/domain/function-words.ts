/**
 * The small words of our Latin-script interview languages: articles, pronouns, prepositions,
 * question words, "thank you". They are the best sign of which language a sentence is in,
 * and, unlike nouns, they are never borrowed as technical terms: a Polish reply about "code
 * review" and "technical debt" still says "jak", "się", "sobie". language-check.ts uses them
 * to overrule franc's trigram guess when the interview language is plainly there.
 *
 * Only words that are common in exactly one of these languages are listed (Spanish "que" is
 * Portuguese too, German "er" is Dutch, English "on" is French, Turkish "de" is everyone's).
 * A word listed twice by mistake is dropped below rather than counted for both.
 */
const WORDS: Record<string, string> = {
  en: 'the and of to is are were you your that this these those with for what how why when where which who did does have has about tell my our they their it be been can could would should will from at by an not there if into more some any than then just please thank thanks now',
  es: 'el los las unos unas y qué fue usted sus cómo cuál cuándo dónde pero muy más esto eso también hizo tuvo hay puede podría gracias ahora cuénteme',
  fr: 'le les une du et est sont vous votre vos nous qui quoi comment pourquoi quand dans pour avec sur par pas ce cette ces elle ils été avez êtes était aussi très merci maintenant',
  de: 'der das den dem ein eine einen einem einer und ist sind sie ihr ihre ihren ihrem ich wir mit für auf von zu im nicht wie warum wann wo welche welchen haben hat hatten auch noch oder aber wenn dass bei nach über sich danke jetzt bitte',
  pt: 'os uma é dos em nas com você seu sua onde mas muito mais isso foi tem teve não ao pela pelo também obrigado obrigada agora',
  it: 'gli uno è che di della dei delle per dove perché molto più questo questa hai avete sono stato stata lei anche nel nella alla ci cosa grazie ora',
  nl: 'het een zijn u uw jij jouw wat hoe waarom wanneer waar welke met voor op van niet ook nog maar dat dit deze heeft hebt bij naar hebben werd dank nu',
  pl: 'w na z że się jest są był była było jak co dlaczego kiedy gdzie który która które ta tego pan pani pana przy od po dla ale lub czy także również sobie jaki jaka jakie dziękuję proszę teraz',
  tr: 've bir bu şu ile için nasıl neden nerede hangi mı mü çok daha ama veya gibi kadar sonra önce olarak oldu olan yok siz sizin bana biz değil teşekkürler teşekkür lütfen şimdi',
};

const seen = new Map<string, number>();
for (const list of Object.values(WORDS)) for (const word of new Set(list.split(' '))) seen.set(word, (seen.get(word) ?? 0) + 1);

/** Word → the one language (ISO 639-1) it belongs to. */
const LANGUAGE_OF = new Map<string, string>(
  Object.entries(WORDS).flatMap(([code, list]) => list.split(' ').flatMap((word) => (seen.get(word) === 1 ? [[word, code] as const] : []))),
);

/** How many of each language's small words the text holds (ISO 639-1 → count; absent = 0). */
export function functionWordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}]+/u)) {
    const code = LANGUAGE_OF.get(word);
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}
