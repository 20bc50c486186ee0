import type { BodyOf, ItemOf, ResponseOf } from '@/lib/api/types';

export type Conversation = ResponseOf<'/api/chat/conversations/{conversation_id}', 'get'>;
export type Member = Conversation['members'][number];
export type Message = ResponseOf<'/api/chat/messages/{message_id}', 'patch'>;
export type MessagePage = ResponseOf<'/api/chat/conversations/{conversation_id}/messages', 'get'>;
export type MessageInput = BodyOf<'/api/chat/conversations/{conversation_id}/messages', 'post'>;
export type Person = ItemOf<ResponseOf<'/api/chat/people', 'get'>>;
