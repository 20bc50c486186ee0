export { AttachmentPicker } from './components/attachment-picker';
export { AttachmentView } from './components/attachment-view';
export { useUploads, type Uploads } from './use-uploads';
export { useUploadLimits } from './api/limits';
