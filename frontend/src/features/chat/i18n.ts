/**
 * Chat's strings, merged into the app's one `translation` namespace when the chat code loads
 * (the chat chunk is lazy). Keys live under `chat.` plus the chat-specific `errors.` codes.
 */
import { i18n } from '@/lib/i18n';
import en from './locales/en.json';
import ko from './locales/ko.json';

i18n.addResourceBundle('ko', 'translation', ko, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);
