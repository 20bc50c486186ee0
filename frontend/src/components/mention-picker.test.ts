import { mentionOf, withMention } from './mention-picker';
import { notificationPath, type Notification } from '@/features/notifications/api/notifications';

describe('mentions', () => {
  it('write a name as the server reads it, spaces left out', () => {
    expect(mentionOf('박 서연')).toBe('@박서연');
    expect(withMention('', '김민지')).toBe('@김민지 ');
    expect(withMention('확인 부탁해요', '김민지')).toBe('확인 부탁해요 @김민지 ');
    expect(withMention('안녕하세요\n', '김민지')).toBe('안녕하세요\n@김민지 ');
  });
});

describe('notificationPath', () => {
  const base = { id: 1, kind: 'comment', actor: null, post_id: null, comment_id: null, conversation_id: null,
    message_id: null, excerpt: '', created_at: '2026-12-04T00:00:00Z', read_at: null } as Notification;
  it('leads to the comment, the post or the conversation', () => {
    expect(notificationPath({ ...base, post_id: 7, comment_id: 9 })).toBe('/posts/7#comment-9');
    expect(notificationPath({ ...base, kind: 'notice', post_id: 7 })).toBe('/posts/7');
    expect(notificationPath({ ...base, kind: 'dm', conversation_id: 3, message_id: 11 })).toBe('/chat/3');
  });
});
