import type { CDPSession } from '@playwright/test';

/**
 * Type Hangul the way a Korean IME does, through the Chrome DevTools Protocol: each syllable is
 * built up jamo by jamo as a composition, then committed. `enterWhileComposing` presses Enter
 * (keyCode 229, as IMEs report it) while the last syllable is still being composed.
 */
export async function typeKorean(cdp: CDPSession, syllables: string[][], enterWhileComposing = false) {
  for (const [index, steps] of syllables.entries()) {
    for (const step of steps) await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
    if (enterWhileComposing && index === syllables.length - 1) {
      await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
    }
    await cdp.send('Input.insertText', { text: steps[steps.length - 1] });
  }
}
