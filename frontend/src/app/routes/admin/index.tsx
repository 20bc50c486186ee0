import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { usePageTitle } from '@/components/page-title';
import { AuditLog, BoardsAdmin, StatsView, UsersAdmin } from '@/features/admin';
import { useSession } from '@/features/auth';
import { useDepartments } from '@/features/people';
import { NoticeAdmin } from '@/features/notices/components/notice-admin';
import { NotFoundRoute } from '../not-found';

/** The admin area (lazy chunk), rendered only inside <RequireAdmin>. */
export default function AdminRoutes() {
  const { t } = useTranslation();
  const sections = [
    ['', t('admin.users.title')], ['boards', t('admin.boards.title')], ['notices', t('admin.notices.title')],
    ['audit', t('admin.audit.title')], ['stats', t('admin.stats.title')],
  ] as const;
  return (
    <div className="page admin" data-testid="admin-area">
      <h1>{t('nav.admin')}</h1>
      <nav className="subnav" aria-label={t('nav.admin')}>
        {sections.map(([path, label]) => <NavLink key={path} to={`/admin${path ? `/${path}` : ''}`} end>{label}</NavLink>)}
      </nav>
      <Routes>
        <Route index element={<Section title={t('admin.users.title')}><UsersSection /></Section>} />
        <Route path="boards" element={<Section title={t('admin.boards.title')}><BoardsAdmin /></Section>} />
        <Route path="notices" element={<Section title={t('admin.notices.title')}><NoticeAdmin /></Section>} />
        <Route path="audit" element={<Section title={t('admin.audit.title')}><AuditLog /></Section>} />
        <Route path="stats" element={<Section title={t('admin.stats.title')}><StatsView /></Section>} />
        <Route path="*" element={<NotFoundRoute />} />
      </Routes>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <section aria-label={title}>
      <h2 className="visually-hidden">{title}</h2>
      {children}
    </section>
  );
}

function UsersSection() {
  const { user } = useSession();
  const departments = useDepartments(); // suggested while typing a department, so one team has one name
  return <UsersAdmin currentUserId={user?.id} departments={departments.data?.items.map((d) => d.name) ?? []} />;
}

