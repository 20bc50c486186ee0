export { UsersAdmin } from './components/users-admin';
export { BoardsAdmin } from './components/boards-admin';
export { AuditLog } from './components/audit-log';
export { StatsView } from './components/stats-view';
