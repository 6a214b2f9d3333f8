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
/** Tech-heavy follow-ups in each language (English terms inside). */
const TECH: Record<string, string> = {
  en: 'You mentioned that the deployment pipeline used Kubernetes, Helm charts and Argo CD. When a rollout failed in production, how did you find the cause, and what did you change afterwards?',
  es: 'Mencionó que el pipeline de despliegue usaba Kubernetes, Helm charts y Argo CD. Cuando un rollout falló en producción, ¿cómo encontró la causa y qué cambió después?',
  fr: 'Vous avez mentionné que le pipeline de déploiement utilisait Kubernetes, des Helm charts et Argo CD. Quand un rollout a échoué en production, comment avez-vous trouvé la cause et qu’avez-vous changé ensuite ?',
  de: 'Sie erwähnten, dass die Deployment-Pipeline Kubernetes, Helm Charts und Argo CD nutzte. Als ein Rollout in Production fehlschlug, wie haben Sie die Ursache gefunden, und was haben Sie danach geändert?',
  pt: 'Você mencionou que o pipeline de deploy usava Kubernetes, Helm charts e Argo CD. Quando um rollout falhou em produção, como você encontrou a causa e o que mudou depois?',
  it: 'Ha detto che la pipeline di deploy usava Kubernetes, Helm charts e Argo CD. Quando un rollout è fallito in produzione, come ha trovato la causa e che cosa ha cambiato dopo?',
  nl: 'U noemde dat de deployment pipeline Kubernetes, Helm charts en Argo CD gebruikte. Toen een rollout in productie mislukte, hoe heeft u de oorzaak gevonden en wat heeft u daarna veranderd?',
  pl: 'Wspomniał Pan, że pipeline wdrożeniowy korzystał z Kubernetes, Helm charts i Argo CD. Kiedy rollout nie powiódł się na produkcji, jak znalazł Pan przyczynę i co Pan potem zmienił?',
  tr: 'Deployment pipeline için Kubernetes, Helm chart ve Argo CD kullandığınızı söylediniz. Production ortamında bir rollout başarısız olduğunda sebebi nasıl buldunuz ve sonrasında neyi değiştirdiniz?',
  zh: '你提到部署流水线使用了 Kubernetes、Helm charts 和 Argo CD。当一次 rollout 在生产环境中失败时，你是如何找到原因的？之后又做了哪些改变？',
  ja: 'デプロイの pipeline で Kubernetes、Helm charts、Argo CD を使っていたとおっしゃいました。本番環境で rollout が失敗したとき、どのように原因を見つけ、その後何を変えましたか。',
  ko: '배포 pipeline 에서 Kubernetes, Helm charts, Argo CD 를 사용했다고 하셨습니다. 프로덕션에서 rollout 이 실패했을 때 원인을 어떻게 찾으셨고, 그 후에 무엇을 바꾸셨나요?',
  hi: 'आपने बताया कि deployment pipeline में Kubernetes, Helm charts और Argo CD का उपयोग होता था। जब production में एक rollout विफल हुआ, तो आपने कारण कैसे खोजा और उसके बाद क्या बदला?',
  ar: 'ذكرت أن خط النشر كان يستخدم Kubernetes و Helm charts و Argo CD. عندما فشل rollout في بيئة الإنتاج، كيف وجدت السبب وما الذي غيرته بعد ذلك؟',
};
/** Closing turns. */
const CLOSING: Record<string, string> = {
  en: 'Thank you for your answers today. We have covered all the questions I had prepared. You can now finish the interview to see your feedback and the suggestions for each answer.',
  es: 'Gracias por sus respuestas de hoy. Hemos cubierto todas las preguntas que había preparado. Ahora puede terminar la entrevista para ver sus comentarios y las sugerencias para cada respuesta.',
  fr: 'Merci pour vos réponses aujourd’hui. Nous avons couvert toutes les questions que j’avais préparées. Vous pouvez maintenant terminer l’entretien pour voir vos retours et les suggestions pour chaque réponse.',
  de: 'Vielen Dank für Ihre Antworten heute. Wir haben alle Fragen besprochen, die ich vorbereitet hatte. Sie können das Gespräch jetzt beenden, um Ihr Feedback und die Vorschläge zu jeder Antwort zu sehen.',
  pt: 'Obrigado pelas suas respostas hoje. Cobrimos todas as perguntas que eu tinha preparado. Agora você pode encerrar a entrevista para ver o seu feedback e as sugestões para cada resposta.',
  it: 'Grazie per le sue risposte di oggi. Abbiamo coperto tutte le domande che avevo preparato. Ora può concludere il colloquio per vedere il suo feedback e i suggerimenti per ogni risposta.',
  nl: 'Dank u voor uw antwoorden vandaag. We hebben alle vragen behandeld die ik had voorbereid. U kunt het gesprek nu afronden om uw feedback en de suggesties bij elk antwoord te zien.',
  pl: 'Dziękuję za dzisiejsze odpowiedzi. Omówiliśmy wszystkie pytania, które przygotowałem. Może Pan teraz zakończyć rozmowę, aby zobaczyć swoją ocenę i sugestie do każdej odpowiedzi.',
  tr: 'Bugünkü cevaplarınız için teşekkür ederim. Hazırladığım tüm soruları konuştuk. Şimdi geri bildiriminizi ve her cevap için önerileri görmek için görüşmeyi bitirebilirsiniz.',
  zh: '感谢你今天的回答。我准备的问题我们都已经讨论过了。现在你可以结束面试，查看你的反馈以及每个回答的建议。',
  ja: '本日はご回答いただきありがとうございました。準備していた質問はすべて終わりました。面接を終了すると、フィードバックと各回答への提案を確認できます。',
  ko: '오늘 답변해 주셔서 감사합니다. 준비한 질문은 모두 다루었습니다. 이제 면접을 마치시면 피드백과 각 답변에 대한 제안을 보실 수 있습니다.',
  hi: 'आज आपके उत्तरों के लिए धन्यवाद। मैंने जो प्रश्न तैयार किए थे, वे सब हमने पूरे कर लिए हैं। अब आप साक्षात्कार समाप्त करके अपनी प्रतिक्रिया और हर उत्तर के सुझाव देख सकते हैं।',
  ar: 'شكرًا لك على إجاباتك اليوم. لقد غطينا جميع الأسئلة التي أعددتها. يمكنك الآن إنهاء المقابلة لرؤية ملاحظاتك والاقتراحات لكل إجابة.',
};
/** Replies too short to say anything about their language. */
const SHORT: Record<string, string> = {
  en: 'Thank you. Go on, please.',
  es: 'Gracias. Continúe, por favor.',
  fr: 'Merci. Continuez, s’il vous plaît.',
  de: 'Danke. Bitte fahren Sie fort.',
  pt: 'Obrigado. Continue, por favor.',
  it: 'Grazie. Continui pure.',
  nl: 'Dank u. Gaat u verder.',
  pl: 'Dziękuję. Proszę kontynuować.',
  tr: 'Teşekkürler. Devam edin lütfen.',
  zh: '谢谢。请继续。',
  ja: 'ありがとうございます。続けてください。',
  ko: '감사합니다. 계속해 주세요.',
  hi: 'धन्यवाद। कृपया जारी रखें।',
  ar: 'شكرًا. تابع من فضلك.',
};
const LANGUAGES = Object.keys(REPLIES);

describe('languageMismatch', () => {
  it('accepts replies in every interview language as in that language, technical terms and all', () => {
    for (const code of LANGUAGES) {
      expect(languageMismatch(REPLIES[code]!, code), code).toBeUndefined();
      expect(languageMismatch(TECH[code]!, code), `tech ${code}`).toBeUndefined();
      expect(languageMismatch(CLOSING[code]!, code), `closing ${code}`).toBeUndefined();
    }
  });

  it('flags a reply in any other of our languages, and names it', () => {
    for (const code of LANGUAGES)
      for (const other of LANGUAGES.filter((c) => c !== code)) {
        expect(languageMismatch(REPLIES[other]!, code), `${other} in a ${code} interview`).toEqual({ expected: code, detected: other });
      }
  });

  it('flags an English closing turn in every other interview language (the usual drift of small models)', () => {
    for (const code of LANGUAGES.filter((c) => c !== 'en')) {
      expect(languageMismatch(CLOSING.en!, code), code).toEqual({ expected: code, detected: 'en' });
    }
  });

  it('tells Japanese from Chinese by the kana', () => {
    expect(languageMismatch(CLOSING.zh!, 'ja')).toEqual({ expected: 'ja', detected: 'zh' });
    expect(languageMismatch(CLOSING.ja!, 'zh')).toEqual({ expected: 'zh', detected: 'ja' });
  });

  it('does not flag technical English terms, code, links or quotes of the candidate inside an in-language reply', () => {
    const inLanguage: [string, string][] = [
      ['es', 'Gracias. ¿Cómo configuró el pipeline de CI/CD con Kubernetes, Terraform y PostgreSQL en AWS, y qué haría diferente hoy?'],
      [
        'de',
        'Sie sagten: „We shipped the release in two weeks and the customer was very happy with the result.“ Was genau war dabei Ihre Rolle im Team?',
      ],
      [
        'de',
        "Sie schrieben in Ihrem Lebenslauf 'led the migration of our monolith to microservices within six months'. Welche Rolle hatten Sie dabei genau, und was würden Sie heute anders machen?",
      ],
      [
        'de',
        'Wie sind Sie beim Rollback vorgegangen, als das Deployment fehlschlug? Welche Rolle spielten Feature Flags, Monitoring und das On-Call-Team dabei?',
      ],
      [
        'fr',
        'Merci. L’offre dit :\n\n> We need someone who can own the whole delivery pipeline and mentor others.\n\nComment avez-vous accompagné des collègues plus juniors ?',
      ],
      [
        'pl',
        'Dobrze. Wspomniał Pan o code review, pair programming i continuous delivery. Jak zespół radził sobie z technical debt i jak to priorytetyzowaliście?',
      ],
      [
        'es',
        'Gracias. Para la siguiente pregunta:\n\n- Design of scalable systems\n- Ownership of the on-call rotation\n- Mentoring of junior engineers\n\n¿Cuál de estas áreas le resulta más difícil y por qué?',
      ],
      [
        'en',
        'Thanks. Next: how did you handle the Zusammenarbeit with the Betriebsrat when the Schichtplanung changed, and what did you learn about stakeholder management there?',
      ],
      ['en', 'How did you set up the CI/CD pipeline with Kubernetes, Terraform and PostgreSQL on AWS, and what would you change today?'],
      ['zh', '请解释 Kubernetes 的 Horizontal Pod Autoscaler 和 Vertical Pod Autoscaler 的区别。'],
      ['zh', '你如何使用 React Query、Redux Toolkit 和 TypeScript 管理 state？'],
      ['ja', 'Kubernetes の Horizontal Pod Autoscaler と Vertical Pod Autoscaler の違いは？'],
      ['ja', 'ありがとうございます。`kubectl rollout undo deployment/api` を使った場面について、もう少し詳しく教えてください。'],
      ['ko', 'Kubernetes Horizontal Pod Autoscaler 와 Vertical Pod Autoscaler 의 차이는?'],
      ['ko', '감사합니다. https://example.com/a/very/long/link/about/the/project 에서 설명하신 프로젝트에서 맡은 역할은 무엇이었나요?'],
      ['hi', 'आपने Kubernetes Horizontal Pod Autoscaler और Vertical Pod Autoscaler का उपयोग कैसे किया?'],
      ['ar', 'كيف استخدمت Kubernetes Horizontal Pod Autoscaler و Vertical Pod Autoscaler في مشروعك؟'],
    ];
    for (const [code, text] of inLanguage) expect(languageMismatch(text, code), text).toBeUndefined();
  });

  it('flags a reply in the language of the job description', () => {
    const german =
      'Vielen Dank für Ihre Antwort. Können Sie mir jetzt von einer Situation erzählen, in der Sie unter großem Zeitdruck eine wichtige Entscheidung treffen mussten?';
    expect(languageMismatch(german, 'en')).toEqual({ expected: 'en', detected: 'de' });
  });

  it('does not judge short replies or unknown languages', () => {
    for (const code of LANGUAGES)
      for (const other of LANGUAGES) expect(languageMismatch(SHORT[other]!, code), `${other} in a ${code} interview`).toBeUndefined();
    // Two short English questions: franc would rank French first; too short to judge among Latin languages.
    expect(languageMismatch('How have you operated PostgreSQL at scale?\nHow do you run a design review?', 'de')).toBeUndefined();
    // … but a different writing system is clear even then.
    expect(languageMismatch('How have you operated PostgreSQL at scale? How do you run a design review?', 'ja')).toMatchObject({
      expected: 'ja',
    });
    expect(languageMismatch(REPLIES.en!, 'sv')).toBeUndefined();
  });

  it('stripForeignParts removes code, links, quotations and technical tokens only', () => {
    expect(stripForeignParts('A `code` b https://x.y/z c “quoted” d „zitiert“ e 「引用」 f')).toBe('A   b   c   d   e   f');
    expect(
      stripForeignParts("Sie schrieben 'led the team' und nutzten TypeScript, CI/CD, EC2, AWS und main.ts.").replace(/\s+/g, ' '),
    ).toBe('Sie schrieben und nutzten , , , und .');
    expect(stripForeignParts("l’équipe don’t l'entreprise")).toBe("l’équipe don’t l'entreprise");
  });
});
