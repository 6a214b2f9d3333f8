import { describe, expect, it } from 'vitest';
import { languageMismatch, stripForeignParts } from '../../../src/domain/language-check';

/** Realistic interviewer turns: a thank-you and a behavioural question, in each interview language. */
const REPLIES: Record<string, string> = {
  en: 'Thank you, that was a clear example. Now tell me about a time you had to resolve a disagreement between two teams. What did you do, and what was the result?',
  es: 'Gracias, ha sido un ejemplo claro. Ahora cuénteme sobre una vez en la que tuvo que resolver un desacuerdo entre dos equipos. ¿Qué hizo y cuál fue el resultado?',
  fr: 'Merci, c’était un exemple clair. Parlez-moi maintenant d’une fois où vous avez dû résoudre un désaccord entre deux équipes. Qu’avez-vous fait et quel a été le résultat ?',
  de: 'Danke, das war ein klares Beispiel. Erzählen Sie mir jetzt von einer Situation, in der Sie einen Konflikt zwischen zwei Teams lösen mussten. Was haben Sie getan, und was war das Ergebnis?',
  pt: 'Obrigado, foi um exemplo claro. Agora conte-me sobre uma vez em que você teve que resolver um desacordo entre duas equipes. O que você fez e qual foi o resultado?',
  it: 'Grazie, è stato un esempio chiaro. Ora mi parli di una volta in cui ha dovuto risolvere un disaccordo tra due gruppi. Che cosa ha fatto e qual è stato il risultato?',
  nl: 'Dank u, dat was een duidelijk voorbeeld. Vertel me nu over een keer dat u een meningsverschil tussen twee teams moest oplossen. Wat heeft u gedaan en wat was het resultaat?',
  pl: 'Dziękuję, to był jasny przykład. Proszę teraz opowiedzieć o sytuacji, w której musiał Pan rozwiązać spór między dwoma zespołami. Co Pan zrobił i jaki był wynik?',
  tr: 'Teşekkürler, bu açık bir örnekti. Şimdi bana iki ekip arasındaki bir anlaşmazlığı çözmek zorunda kaldığınız bir zamanı anlatın. Ne yaptınız ve sonuç ne oldu?',
  zh: '谢谢，这是一个很清楚的例子。现在请讲一讲你曾经需要解决两个团队之间分歧的经历。你做了什么，结果如何？',
  ja: 'ありがとうございます。分かりやすい例でした。では、二つのチームの意見の対立を解決しなければならなかった経験について教えてください。何をして、どのような結果になりましたか。',
  ko: '감사합니다. 명확한 예시였습니다. 이제 두 팀 사이의 의견 차이를 해결해야 했던 경험에 대해 말씀해 주세요. 무엇을 하셨고 결과는 어땠나요?',
  hi: 'धन्यवाद, यह एक स्पष्ट उदाहरण था। अब मुझे उस समय के बारे में बताइए जब आपको दो टीमों के बीच असहमति को सुलझाना पड़ा था। आपने क्या किया और परिणाम क्या रहा?',
  ar: 'شكرًا لك، كان هذا مثالًا واضحًا. حدثني الآن عن موقف اضطررت فيه إلى حل خلاف بين فريقين. ماذا فعلت وما كانت النتيجة؟',
};
const LANGUAGES = Object.keys(REPLIES);

describe('languageMismatch', () => {
  it('accepts a reply in every interview language as in that language', () => {
    for (const code of LANGUAGES) expect(languageMismatch(REPLIES[code]!, code), code).toBeUndefined();
  });

  it('flags an English reply in every other interview language (the usual drift of small models)', () => {
    for (const code of LANGUAGES.filter((c) => c !== 'en')) {
      expect(languageMismatch(REPLIES.en!, code), code).toEqual({ expected: code, detected: 'en' });
    }
  });

  it('flags a reply in another writing system and names it', () => {
    expect(languageMismatch(REPLIES.zh!, 'en')).toEqual({ expected: 'en', detected: 'zh' });
    expect(languageMismatch(REPLIES.ja!, 'de')).toEqual({ expected: 'de', detected: 'ja' });
    expect(languageMismatch(REPLIES.ar!, 'hi')).toEqual({ expected: 'hi', detected: 'ar' });
    expect(languageMismatch(REPLIES.ko!, 'ja')).toEqual({ expected: 'ja', detected: 'ko' });
    // Chinese shares its characters with Japanese; Japanese text always has kana.
    expect(languageMismatch(REPLIES.zh!, 'ja')).toEqual({ expected: 'ja', detected: 'zh' });
  });

  it('flags clearly different Latin-script languages', () => {
    expect(languageMismatch(REPLIES.de!, 'en')).toEqual({ expected: 'en', detected: 'de' });
    expect(languageMismatch(REPLIES.pl!, 'es')).toEqual({ expected: 'es', detected: 'pl' });
    expect(languageMismatch(REPLIES.tr!, 'nl')).toEqual({ expected: 'nl', detected: 'tr' });
  });

  it('does not flag technical English terms, code, links or quotes of the candidate inside an in-language reply', () => {
    const es = 'Gracias. ¿Cómo configuró el pipeline de CI/CD con Kubernetes, Terraform y PostgreSQL en AWS, y qué haría diferente hoy?';
    expect(languageMismatch(es, 'es')).toBeUndefined();
    const de =
      'Sie sagten: „We shipped the release in two weeks and the customer was very happy with the result.“ Was genau war dabei Ihre Rolle im Team?';
    expect(languageMismatch(de, 'de')).toBeUndefined();
    const deTech =
      'Wie sind Sie beim Rollback vorgegangen, als das Deployment fehlschlug? Welche Rolle spielten Feature Flags, Monitoring und das On-Call-Team dabei?';
    expect(languageMismatch(deTech, 'de')).toBeUndefined();
    const enTech =
      'How did you set up the CI/CD pipeline with Kubernetes, Terraform and PostgreSQL on AWS, and what would you change today?';
    expect(languageMismatch(enTech, 'en')).toBeUndefined();
    const ja = 'ありがとうございます。`kubectl rollout undo deployment/api` を使った場面について、もう少し詳しく教えてください。';
    expect(languageMismatch(ja, 'ja')).toBeUndefined();
    const ko = '감사합니다. https://example.com/a/very/long/link/about/the/project 에서 설명하신 프로젝트에서 맡은 역할은 무엇이었나요?';
    expect(languageMismatch(ko, 'ko')).toBeUndefined();
  });

  it('does not judge short replies or unknown languages', () => {
    expect(languageMismatch('Thank you.', 'de')).toBeUndefined();
    // Two short English questions: franc would rank French first; too short to judge among Latin languages.
    expect(languageMismatch('How have you operated PostgreSQL at scale?\nHow do you run a design review?', 'en')).toBeUndefined();
    // … but a different writing system is clear even then.
    expect(languageMismatch('How have you operated PostgreSQL at scale? How do you run a design review?', 'ja')).toMatchObject({
      expected: 'ja',
    });
    expect(languageMismatch('Merci beaucoup !', 'en')).toBeUndefined();
    expect(languageMismatch(REPLIES.en!, 'sv')).toBeUndefined();
  });

  it('stripForeignParts removes code, links and quotations only', () => {
    expect(stripForeignParts('A `code` b https://x.y/z c “quoted” d „zitiert“ e 「引用」 f')).toBe('A   b   c   d   e   f');
  });
});
