import { useEffect, type DependencyList } from 'react';

type Connection = typeof import('./connection');

/**
 * Hold the portal's one socket while mounted and listen to it: `listen` subscribes and returns its
 * unsubscribers. The connection code loads after the first screen (a dynamic import), so a screen
 * that holds the socket does not carry the chat in its bundle.
 */
export function useHeldSocket(listen: (connection: Connection) => (() => void)[], deps: DependencyList) {
  useEffect(() => {
    let release: (() => void) | undefined;
    let cancelled = false;
    void import('./connection').then((connection) => {
      if (cancelled) return;
      connection.connect();
      const stops = listen(connection);
      release = () => {
        stops.forEach((stop) => stop());
        connection.release();
      };
    });
    return () => {
      cancelled = true;
      release?.();
    };
    // `deps` are the inputs of `listen` (a new function each render), as for useEffect itself.
  }, deps);
}
