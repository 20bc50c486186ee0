import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Loading } from '@/components/status';
import { RequireAdmin, RequireAuth } from '@/features/auth';
import { AppLayout } from './layout';
import { AccountRoute } from './routes/account';
import { BoardRoute } from './routes/board';
import { RouteError } from './routes/route-error';
import { HomeRoute } from './routes/home';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { PasswordChangeRoute } from './routes/password-change';
import { PostRoute } from './routes/post';

// Code-split: the editor (Markdown, uploads), the admin area, chat, the people directory and search load on demand.
// React.lazy inside the guards means a non-admin never even downloads the admin code.
const PostEditorRoute = lazy(() => import('./routes/post-editor'));
const AdminRoutes = lazy(() => import('./routes/admin'));
const ChatRoute = lazy(() => import('@/features/chat'));
const PeopleRoute = lazy(() => import('./routes/people').then((m) => ({ default: m.PeopleRoute })));
const PersonRoute = lazy(() => import('./routes/people').then((m) => ({ default: m.PersonRoute })));
const SearchRoute = lazy(() => import('./routes/search').then((m) => ({ default: m.SearchRoute })));

function Lazy({ component: Component }: { component: ComponentType }) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute />, errorElement: <RouteError /> },
  { path: '/password-change', element: <PasswordChangeRoute />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <RequireAuth><AppLayout /></RequireAuth>,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRoute /> },
      { path: 'boards/:slug', element: <BoardRoute /> },
      { path: 'boards/:slug/new', element: <Lazy component={PostEditorRoute} /> },
      { path: 'posts/:postId', element: <PostRoute /> },
      { path: 'posts/:postId/edit', element: <Lazy component={PostEditorRoute} /> },
      { path: 'account', element: <AccountRoute /> },
      { path: 'chat/*', element: <Lazy component={ChatRoute} /> },
      { path: 'people', element: <Lazy component={PeopleRoute} /> },
      { path: 'people/:userId', element: <Lazy component={PersonRoute} /> },
      { path: 'search', element: <Lazy component={SearchRoute} /> },
      { path: 'admin/*', element: <RequireAdmin><Lazy component={AdminRoutes} /></RequireAdmin> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
