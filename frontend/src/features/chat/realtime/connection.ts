/**
 * The chat's one Socket.IO connection, signed in with the in-memory access token.
 *
 * WebSocket only (no long-polling), so any server process can hold the connection without
 * sticky sessions. A refused handshake (expired token) refreshes the session once and
 * reconnects; network drops reconnect on their own. Events are re-emitted to listeners
 * registered with `on`, which survive reconnects. Several parts of the app hold it (the chat
 * screen, the notification bell): each `connect` is matched by a `release`, and the socket
 * closes when the last holder lets go.
 */
import { io, type Socket } from 'socket.io-client';
import { env } from '@/config/env';
import { session } from '@/lib/api/session';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';
type Listener = (payload: unknown) => void;

let socket: Socket | null = null;
let state: ConnectionState = 'disconnected';
let everConnected = false;
let holders = 0;
const stateListeners = new Set<() => void>();
const eventListeners = new Map<string, Set<Listener>>();
const reconnectListeners = new Set<() => void>();

function setState(next: ConnectionState) {
  state = next;
  stateListeners.forEach((listener) => listener());
}

export function connect(): void {
  holders += 1;
  if (socket) return;
  socket = io(env.API_BASE_URL || window.location.origin, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: (callback) => callback({ token: session.getAccessToken() }),
    reconnectionDelayMax: 10_000,
  });
  setState('connecting');
  socket.on('connect', () => {
    setState('connected');
    if (everConnected) reconnectListeners.forEach((listener) => listener());
    everConnected = true;
  });
  socket.on('disconnect', () => setState('disconnected'));
  socket.on('connect_error', async (error: Error & { data?: { code?: string } }) => {
    setState('disconnected');
    if (error.data?.code !== 'unauthorized' || !socket) return; // network: socket.io retries by itself
    const refreshed = await session.refresh();
    if (refreshed) socket?.connect();
    else session.clear('expired');
  });
  // The server closes a socket whose token expired (renew it and reconnect: the reconnect
  // listeners catch up on what was sent meanwhile) or whose session ended (sign in again).
  socket.on('session:ended', async (payload?: { reason?: string }) => {
    if (payload?.reason === 'token_expired' && (await session.refresh())) {
      socket?.connect();
      return;
    }
    disconnect();
    session.clear('expired');
  });
  // The server dropped this socket because its message queue went away or came back: events
  // may have been missed. Reconnect (after a moment, spread across clients); the reconnect
  // listeners catch up from the history.
  socket.on('chat:reconnect', () => {
    setTimeout(() => socket?.connect(), 1_000 + Math.random() * 2_000);
  });
  socket.onAny((event: string, payload: unknown) => eventListeners.get(event)?.forEach((listener) => listener(payload)));
}

/** One holder lets go; the last one closes the socket. */
export function release(): void {
  holders = Math.max(0, holders - 1);
  if (holders === 0) disconnect();
}

export function disconnect(): void {
  holders = 0;
  socket?.disconnect();
  socket = null;
  everConnected = false;
  setState('disconnected');
}

/** Listen to a server event; returns the unsubscribe function. */
export function on<T>(event: string, listener: (payload: T) => void): () => void {
  const listeners = eventListeners.get(event) ?? new Set<Listener>();
  listeners.add(listener as Listener);
  eventListeners.set(event, listeners);
  return () => listeners.delete(listener as Listener);
}

/** Called after every reconnect (not the first connect): time to catch up. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

export function emitTyping(conversationId: number): void {
  if (socket?.connected) socket.emit('typing', { conversation_id: conversationId });
}

export const connectionState = {
  get: (): ConnectionState => state,
  subscribe(listener: () => void): () => void {
    stateListeners.add(listener);
    return () => stateListeners.delete(listener);
  },
};
