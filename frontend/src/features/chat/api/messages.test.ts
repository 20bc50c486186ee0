import { QueryClient } from '@tanstack/react-query';
import { messagesKey, missesPrevious } from './messages';
import type { Message } from './types';

const message = (id: number, previous_id: number | null) =>
  ({ id, conversation_id: 7, previous_id, body: `m${id}`, author: { id: 1, name: '김민지' } }) as unknown as Message & { previous_id: number | null };

describe('missesPrevious', () => {
  const loaded = (ids: number[]) => {
    const client = new QueryClient();
    client.setQueryData(messagesKey(7), { pages: [{ items: ids.map((id) => message(id, null)), has_more: false }], pageParams: [undefined] });
    return client;
  };

  it('sees a gap when the message before a live one was never received', () => {
    // 73 was published after 74: holding ..72, message 74 (previous 73) reveals the gap.
    expect(missesPrevious(loaded([70, 71, 72]), message(74, 73))).toBe(true);
  });

  it('sees none when the previous message is the last one held', () => {
    expect(missesPrevious(loaded([70, 71, 72]), message(73, 72))).toBe(false);
  });

  it('sees none for a late arrival older than what is held, or an unloaded history', () => {
    expect(missesPrevious(loaded([70, 71, 72, 74]), message(73, 72))).toBe(false);
    expect(missesPrevious(new QueryClient(), message(73, 72))).toBe(false);
  });
});
