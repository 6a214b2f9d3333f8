export { startFakeOpenAI } from './server';
export type { ChatTurn, FakeChatRequest, FakeOpenAI, FakeOpenAIOptions, FakeReply, RecordedRequest, Responder, TextReply } from './server';
