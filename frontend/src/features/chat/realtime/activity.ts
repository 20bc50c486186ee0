/**
 * Who is online and who is typing where: small stores fed by socket events and read with
 * useSyncExternalStore. Typing expires TYPING_MS after the last `typing` event.
 */
export const TYPING_MS = 5_000;

type Typist = { userId: number; name: string; until: number };

function store<T>(initial: T) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next: T) {
      value = next;
      listeners.forEach((listener) => listener());
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const presence = store<ReadonlyMap<number, boolean>>(new Map());
export const typing = store<ReadonlyMap<number, Typist[]>>(new Map());

export function setOnline(userId: number, online: boolean) {
  if (presence.get().get(userId) === online) return;
  presence.set(new Map(presence.get()).set(userId, online));
}

/** Seed presence from a conversation list without overriding what live events said. */
export function seedOnline(members: { id: number; online: boolean }[]) {
  const next = new Map(presence.get());
  let changed = false;
  for (const member of members) {
    if (!next.has(member.id)) {
      next.set(member.id, member.online);
      changed = true;
    }
  }
  if (changed) presence.set(next);
}

export function noteTyping(conversationId: number, userId: number, name: string) {
  const now = Date.now();
  const current = (typing.get().get(conversationId) ?? []).filter((t) => t.userId !== userId && t.until > now);
  typing.set(new Map(typing.get()).set(conversationId, [...current, { userId, name, until: now + TYPING_MS }]));
  setTimeout(expireTyping, TYPING_MS + 50);
}

/** A message from someone ends their typing indicator at once. */
export function stopTyping(conversationId: number, userId: number) {
  const current = typing.get().get(conversationId);
  if (current?.some((t) => t.userId === userId)) {
    typing.set(new Map(typing.get()).set(conversationId, current.filter((t) => t.userId !== userId)));
  }
}

function expireTyping() {
  const now = Date.now();
  let changed = false;
  const next = new Map<number, Typist[]>();
  for (const [id, list] of typing.get()) {
    const alive = list.filter((t) => t.until > now);
    if (alive.length !== list.length) changed = true;
    next.set(id, alive);
  }
  if (changed) typing.set(next);
}
