import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useUploads } from '../use-uploads';
import { AttachmentPicker } from './attachment-picker';

const limits = { max_bytes: 1024, content_types: ['image/png', 'application/pdf'] };

function Picker() {
  const uploads = useUploads(limits);
  return <AttachmentPicker uploads={uploads} limits={limits} />;
}

describe('AttachmentPicker', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows size and type errors before uploading anything', async () => {
    render(<Picker />);
    const input = screen.getByLabelText('파일 선택');
    await userEvent.upload(input, [
      new File([new Uint8Array(2048)], '큰 사진.png', { type: 'image/png' }),
      new File(['x'], '실행파일.exe', { type: 'application/x-msdownload' }),
    ], { applyAccept: false });

    const rows = screen.getAllByTestId('upload');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('큰 사진.png');
    expect(rows[0]).toHaveTextContent('파일이 너무 큽니다 (최대 1.0 KB).');
    expect(rows[1]).toHaveTextContent('허용되지 않는 파일 형식입니다.');
    expect(fetchMock).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: '큰 사진.png 빼기' }));
    expect(screen.getAllByTestId('upload')).toHaveLength(1);
  });
});
