import { fireEvent, screen } from '@testing-library/react';
import { jsonResponse, renderWithApp } from '@/testing/render';
import { Composer } from './composer';

describe('Composer', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockResolvedValue(jsonResponse({ max_bytes: 1024, content_types: ['image/png'] }));
  });
  afterEach(() => vi.unstubAllGlobals());

  function setup() {
    const onSend = vi.fn();
    renderWithApp(<Composer onSend={onSend} />);
    const box = screen.getByRole('textbox');
    return { onSend, box };
  }

  it('sends on Enter, trimmed, and clears the box', () => {
    const { onSend, box } = setup();
    fireEvent.change(box, { target: { value: '  안녕하세요  ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('안녕하세요', undefined);
    expect(box).toHaveValue('');
  });

  it('keeps Shift+Enter for a new line', () => {
    const { onSend, box } = setup();
    fireEvent.change(box, { target: { value: '첫 줄' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
  });

  it.each([
    ['isComposing (Chrome, Firefox)', { isComposing: true }],
    ['keyCode 229 (Safari)', { keyCode: 229 }],
  ])('ignores an Enter that ends an IME composition: %s', (_name, extra) => {
    const { onSend, box } = setup();
    fireEvent.compositionStart(box);
    fireEvent.change(box, { target: { value: '안녕' } });
    fireEvent.keyDown(box, { key: 'Enter', ...extra });
    fireEvent.compositionEnd(box);
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue('안녕');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledTimes(1);
    expect(onSend).toHaveBeenCalledWith('안녕', undefined);
  });

  it('does not send an empty or whitespace message', () => {
    const { onSend, box } = setup();
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
  });
});
