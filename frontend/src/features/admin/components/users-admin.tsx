import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/field';
import { LoadMore } from '@/components/load-more';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/status';
import { fieldError } from '@/lib/api/errors';
import { formatDateTime } from '@/lib/format';
import type { AdminUser, Role } from '@/lib/api/types';
import { useAdminUsers, useCreateUser, useResetPassword, useUpdateUser } from '../api/users';
import { rules } from '@/lib/api/rules';
import { SignInPolicy } from './sign-in-policy';

export function UsersAdmin({ currentUserId, departments = [] }: { currentUserId: number | undefined; departments?: string[] }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const users = useAdminUsers(q);
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="stack">
      <datalist id="known-departments">{departments.map((name) => <option key={name} value={name} />)}</datalist>
      <SignInPolicy />
      <CreateUserForm />
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title" className="section-title">{t('admin.users.list')}</h2>
        <form className="search" role="search" onSubmit={(e) => { e.preventDefault(); setQ(search.trim()); }}>
          <label className="visually-hidden" htmlFor="user-search">{t('admin.users.search')}</label>
          <input id="user-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('admin.users.search')} />
          <button type="submit" className="btn btn--secondary">{t('common.search')}</button>
        </form>
        {users.isPending && <Loading />}
        {users.isError && <ErrorState error={users.error} onRetry={() => users.refetch()} />}
        {users.isSuccess && items.length === 0 && <EmptyState>{t('admin.users.empty')}</EmptyState>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="table table--stack">
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.name')}</th>
                  <th scope="col">{t('admin.users.email')}</th>
                  <th scope="col">{t('admin.users.role')}</th>
                  <th scope="col">{t('admin.users.status')}</th>
                  <th scope="col">{t('admin.users.lastLogin')}</th>
                  <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {items.map((user) => <UserRow key={user.id} user={user} self={user.id === currentUserId} />)}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore hasMore={users.hasNextPage} loading={users.isFetchingNextPage} onLoad={() => users.fetchNextPage()} />
      </section>
    </div>
  );
}

function UserRow({ user, self }: { user: AdminUser; self: boolean }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateUser();
  const reset = useResetPassword();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const [assigning, setAssigning] = useState(false);
  const assignment = [user.title, user.department].filter(Boolean).join(' · ');

  return (
    <tr data-testid="user-row" className={user.is_active ? undefined : 'row--inactive'}>
      <td data-label={t('admin.users.name')}>
        <span className="user-cell">
          <span>{user.name}</span>
          {assignment && <small className="muted">{assignment}</small>}
        </span>
      </td>
      <td data-label={t('admin.users.email')}>{user.email}</td>
      <td data-label={t('admin.users.role')}>
        <select
          aria-label={t('admin.users.roleFor', { name: user.name })}
          value={user.role}
          disabled={self || update.isPending}
          onChange={(e) => update.mutate({ id: user.id, role: e.target.value as Role })}
        >
          <option value="employee">{t('roles.employee')}</option>
          <option value="admin">{t('roles.admin')}</option>
        </select>
        {user.role === 'admin' && (
          <label className="checkbox checkbox--small" title={t('admin.users.breakGlassFor', { name: user.name })}>
            <input
              type="checkbox"
              checked={user.break_glass}
              disabled={update.isPending}
              aria-label={t('admin.users.breakGlassFor', { name: user.name })}
              onChange={(e) => update.mutate({ id: user.id, break_glass: e.target.checked })}
            />
            {t('admin.users.breakGlass')}
          </label>
        )}
      </td>
      <td data-label={t('admin.users.status')}>
        <span className={`badge${user.is_active ? ' badge--ok' : ''}`}>{user.is_active ? t('admin.users.active') : t('admin.users.inactive')}</span>
        {user.must_change_password && <span className="badge badge--warn" title={t('admin.users.initialPasswordHint')}>{t('admin.users.initialPasswordBadge')}</span>}
      </td>
      <td data-label={t('admin.users.lastLogin')}>{user.last_login_at ? formatDateTime(user.last_login_at, i18n.language) : '—'}</td>
      <td>
        <div className="table__actions">
        <button type="button" className="btn btn--ghost btn--small" disabled={self || update.isPending} onClick={() => update.mutate({ id: user.id, is_active: !user.is_active })}>
          {user.is_active ? t('admin.users.deactivate') : t('admin.users.activate')}
        </button>
        <button type="button" className="btn btn--ghost btn--small" aria-expanded={assigning} onClick={() => setAssigning((v) => !v)}>
          {t('admin.users.assign')}
        </button>
        <button type="button" className="btn btn--ghost btn--small" aria-expanded={resetting} onClick={() => setResetting((v) => !v)}>
          {t('admin.users.resetPassword')}
        </button>
        {assigning && <AssignmentForm user={user} onDone={() => setAssigning(false)} />}
        {resetting && (
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); reset.mutate({ id: user.id, password }, { onSuccess: () => { setPassword(''); setResetting(false); } }); }}>
            <label className="visually-hidden" htmlFor={`reset-${user.id}`}>{t('admin.users.newPasswordFor', { name: user.name })}</label>
            <input id={`reset-${user.id}`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} minLength={rules.PasswordReset.password.minLength} maxLength={rules.PasswordReset.password.maxLength} required />
            <button type="submit" className="btn btn--secondary btn--small" disabled={reset.isPending}>{t('common.save')}</button>
          </form>
        )}
        {reset.isSuccess && <span className="form-success" role="status">{t('admin.users.passwordReset')}</span>}
        </div>
        <InlineError error={update.error ?? reset.error} />
      </td>
    </tr>
  );
}

/** The company's part of a profile: department and title (직함); empty clears them. */
function AssignmentForm({ user, onDone }: { user: AdminUser; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const [department, setDepartment] = useState(user.department ?? '');
  const [title, setTitle] = useState(user.title ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ id: user.id, department: department.trim() || null, title: title.trim() || null }, { onSuccess: onDone });
  };
  return (
    <form className="inline-form inline-form--wrap" onSubmit={submit}>
      <label className="visually-hidden" htmlFor={`department-${user.id}`}>{t('admin.users.departmentFor', { name: user.name })}</label>
      <input id={`department-${user.id}`} value={department} onChange={(e) => setDepartment(e.target.value)} placeholder={t('people.department')}
        maxLength={rules.UserUpdate.department.maxLength} list="known-departments" />
      <label className="visually-hidden" htmlFor={`title-${user.id}`}>{t('admin.users.titleFor', { name: user.name })}</label>
      <input id={`title-${user.id}`} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('people.jobTitle')}
        maxLength={rules.UserUpdate.title.maxLength} />
      <button type="submit" className="btn btn--secondary btn--small" disabled={update.isPending}>{t('common.save')}</button>
      <InlineError error={update.error} />
    </form>
  );
}

function CreateUserForm() {
  const { t } = useTranslation();
  const create = useCreateUser();
  const empty = { email: '', name: '', password: '', role: 'employee' as Role, department: '', title: '' };
  const [form, setForm] = useState(empty);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...form, department: form.department.trim() || null, title: form.title.trim() || null },
      { onSuccess: () => setForm(empty) });
  };

  return (
    <section className="card" aria-labelledby="create-user-title">
      <h2 id="create-user-title" className="section-title">{t('admin.users.create')}</h2>
      <form className="form form--grid" onSubmit={submit}>
        <TextField label={t('admin.users.email')} type="email" required value={form.email} onChange={set('email')} error={fieldError(create.error, 'email')} />
        <TextField label={t('admin.users.name')} required value={form.name} onChange={set('name')} error={fieldError(create.error, 'name')} />
        <TextField label={t('admin.users.initialPassword')} type="password" autoComplete="new-password" required minLength={rules.UserCreate.password.minLength} maxLength={rules.UserCreate.password.maxLength} hint={`${t('auth.passwordHint', { min: rules.UserCreate.password.minLength })} · ${t('admin.users.initialPasswordHint')}`} value={form.password} onChange={set('password')} error={fieldError(create.error, 'password')} />
        <TextField label={t('people.department')} value={form.department} onChange={set('department')} maxLength={rules.UserCreate.department.maxLength} list="known-departments" error={fieldError(create.error, 'department')} />
        <TextField label={t('people.jobTitle')} value={form.title} onChange={set('title')} maxLength={rules.UserCreate.title.maxLength} error={fieldError(create.error, 'title')} />
        <div className="field">
          <label htmlFor="new-user-role">{t('admin.users.role')}</label>
          <select id="new-user-role" value={form.role} onChange={set('role')}>
            <option value="employee">{t('roles.employee')}</option>
            <option value="admin">{t('roles.admin')}</option>
          </select>
        </div>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={create.isPending}>{t('admin.users.createSubmit')}</button>
          {create.isSuccess && <span className="form-success" role="status">{t('admin.users.created')}</span>}
        </div>
        <InlineError error={create.error} />
      </form>
    </section>
  );
}
