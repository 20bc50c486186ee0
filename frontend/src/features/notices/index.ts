export { ConfirmNotice } from './components/confirm-notice';
export { NoticeList } from './components/notice-list';
export { PinNotice } from './components/pin-notice';
export { useNotices, useNoticeAcks, useUnpinNotice } from './api/notices';
