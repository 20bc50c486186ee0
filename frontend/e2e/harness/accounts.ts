/** Accounts created with `flask create-user` and boards created through the admin API. */
export type Account = { email: string; name: string; password: string; role: 'admin' | 'employee' };

export const ACCOUNTS = {
  admin: { email: 'admin@e2e.example.kr', name: '관리자', password: 'Adm1n-e2e-비밀번호', role: 'admin' },
  employee: { email: 'minji.kim@e2e.example.kr', name: '김민지', password: 'Empl0yee-e2e-pass', role: 'employee' },
  other: { email: 'junho.lee@e2e.example.kr', name: '이준호', password: 'Other-e2e-pass-42', role: 'employee' },
} as const satisfies Record<string, Account>;

export const BOARDS = [
  { name: '자유게시판', slug: 'free', description: '자유롭게 이야기를 나누는 곳입니다.', admin_only: false },
  { name: '공지사항', slug: 'notice', description: '회사 공지', admin_only: true },
] as const;

/** Employees at the company's identity provider (tests/tools/oidc-provider.mjs), by their sign-in id there. */
export const SSO_DOMAIN = 'e2e.example.kr';
export const SSO_ACCOUNTS = {
  minji: { email: ACCOUNTS.employee.email, email_verified: true, name: 'Minji Kim' },
  outsider: { email: 'someone@elsewhere.example', email_verified: true, name: 'Outsider' },
};
