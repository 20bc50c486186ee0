import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { MenuIcon } from '@/components/icons';
import { useLogout, useSession } from '@/features/auth';
import { useBoards } from '@/features/boards';
import { useChatUnread } from '@/features/chat/unread';
import { NotificationBell, useNotificationStream } from '@/features/notifications';
import { SearchBox } from '@/features/search';
import { LanguageSwitch } from './language-switch';

export function AppLayout() {
  const { t } = useTranslation();
  const { user } = useSession();
  const boards = useBoards();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const unread = useNotificationStream();
  const chatUnread = useChatUnread();

  useEffect(() => setMenuOpen(false), [location.pathname]);

  const signOut = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  const visibleBoards = (boards.data ?? []).filter((b) => !b.archived);

  return (
    <div className="shell">
      {/* A new page opens at its top (a published post, not the editor's scroll position); back/forward restore. */}
      <ScrollRestoration />
      <a href="#main" className="skip-link">{t('nav.skipToContent')}</a>
      <header className="topbar">
        <Link to="/" className="brand">{t('app.name')}</Link>
        <nav id="primary-nav" className={`nav${menuOpen ? ' nav--open' : ''}`} aria-label={t('nav.primary')}>
          <ul className="nav__main">
            <li><NavLink to="/" end>{t('nav.home')}</NavLink></li>
            {visibleBoards.map((board) => (
              <li key={board.id}><NavLink to={`/boards/${board.slug}`}>{board.name}</NavLink></li>
            ))}
            <li>
              <NavLink to="/chat">
                {t('nav.chat')}
                {chatUnread > 0 && <span className="nav__badge" data-testid="chat-unread"
                  aria-label={t('nav.chatUnread', { count: chatUnread })}>{chatUnread}</span>}
              </NavLink>
            </li>
            <li><NavLink to="/people">{t('nav.people')}</NavLink></li>
            {user?.role === 'admin' && <li><NavLink to="/admin" data-testid="nav-admin">{t('nav.admin')}</NavLink></li>}
          </ul>
          <SearchBox />
          <div className="nav__user">
            <LanguageSwitch />
            <NavLink to="/account" className="nav__account" title={user?.email}>
              <span aria-hidden="true" className="avatar">{user?.name.slice(0, 1)}</span>
              <span>{user?.name}</span>
            </NavLink>
            <button type="button" className="btn btn--ghost btn--small" onClick={signOut} disabled={logout.isPending}>{t('auth.signOut')}</button>
          </div>
        </nav>
        <NotificationBell unread={unread} />
        <button type="button" className="menu-toggle btn btn--ghost" aria-expanded={menuOpen} aria-controls="primary-nav" onClick={() => setMenuOpen((v) => !v)}>
          <MenuIcon size={22} />
          <span className="visually-hidden">{t('nav.menu')}</span>
        </button>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
