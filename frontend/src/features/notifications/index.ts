export { NotificationBell } from './components/bell';
export { useNotificationStream } from './use-notification-stream';
