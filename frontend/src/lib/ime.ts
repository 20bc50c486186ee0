import type { KeyboardEvent } from 'react';

/**
 * An Enter that only ends a Korean (or any IME) syllable: it carries `isComposing` (Chrome,
 * Firefox) or keyCode 229 (Safari, which fires it after `compositionend`). A form's Enter should
 * wait for the next one.
 */
export function isComposingEnter(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && (event.nativeEvent.isComposing || event.keyCode === 229);
}

/** onKeyDown for a search field: an IME's Enter does not submit its form. */
export function holdComposingEnter(event: KeyboardEvent) {
  if (isComposingEnter(event)) event.preventDefault();
}
