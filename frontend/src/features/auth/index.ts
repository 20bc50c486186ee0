export { LoginForm } from './components/login-form';
export { ChangePasswordForm } from './components/change-password-form';
export { RequireAuth, RequireAdmin, safeNext } from './components/guards';
export { useSession } from './use-session';
export { useLogout } from './api/logout';
export { restoreSession } from './api/restore-session';
export { SsoSignIn, ssoErrorKey } from './components/sso-sign-in';
export { useAuthMethods } from './api/methods';
