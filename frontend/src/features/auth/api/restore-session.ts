import { session } from '@/lib/api/session';

/** On start-up, trade the refresh cookie (if any) for an access token. */
export async function restoreSession(): Promise<void> {
  if (session.getState().status !== 'unknown') return;
  const result = await session.refresh();
  if (!result) session.clear('anonymous');
}
