import { useState, type FormEvent } from 'react';
import { ApiError, apiDelete, apiPatch, apiPost } from '../../api-client.js';
import { FormField } from '../../components/form-field.js';
import { ErrorNotice, Loading } from '../../components/status-message.js';
import { formatDate, formatDateInWords } from '../../format.js';
import { useI18n } from '../../i18n.js';
import { useApi } from '../../use-api.js';
import { useDocumentTitle } from '../../use-document-title.js';
import { AdminSettingsPage, FailureNotice, LanguageSelect, LOCALES, Saved, useAction, useFieldErrors } from './setup-common.js';
import type { PlainDate, Session } from '../../api-types.js';

const ROLES = ['admin', 'collector', 'sales', 'viewer'] as const;
const KEY_ROLES = ['admin', 'collector', 'viewer'] as const;
type Role = (typeof ROLES)[number];

/** The roles as words, for a role picker. */
function RoleOptions({ roles }: { roles: readonly Role[] }) {
  const { t } = useI18n();
  return (
    <>
      {roles.map((role) => (
        <option key={role} value={role}>
          {t(`setup.role.${role}`)}
        </option>
      ))}
    </>
  );
}

interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  locale: string;
}

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  created_at: string;
  revoked_at: string | null;
}

/** People who sign in and the keys programs use: who can do what. */
export function UsersSettingsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('setup.users.title'));
  return (
    <AdminSettingsPage title={t('setup.users.title')}>
      {(me) => (
        <>
          <UsersPanel me={me} />
          <ApiKeysPanel />
        </>
      )}
    </AdminSettingsPage>
  );
}

function UsersPanel({ me }: { me: Session }) {
  const { t } = useI18n();
  const users = useApi<{ items: User[] }>('/api/users');
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const action = useAction();
  const roleLabel = (role: string) => t(`setup.role.${role as Role}`);

  const changeRole = async (user: User, role: Role) => {
    setNotice(null);
    if (await action.run(() => apiPatch<User>(`/api/users/${encodeURIComponent(user.id)}`, { role }))) {
      setNotice(t('setup.users.roleSaved', { name: user.name, role: roleLabel(role) }));
      users.reload();
    }
  };
  const remove = async (user: User) => {
    setNotice(null);
    setConfirming(null);
    if ((await action.run(() => apiDelete(`/api/users/${encodeURIComponent(user.id)}`).then(() => true))) === true) {
      setNotice(t('setup.users.removed', { name: user.name }));
      users.reload();
    }
  };
  const conflict = action.failure instanceof ApiError && action.failure.status === 409;

  return (
    <section className="panel" aria-labelledby="users-heading">
      <h2 id="users-heading">{t('setup.users.people')}</h2>
      <p className="field-help">{t('setup.role.help')}</p>
      {users.state === 'failed' ? <ErrorNotice error={users.error} onRetry={users.reload} /> : null}
      {!users.data ? (
        <Loading />
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('setup.users.name')}</th>
                <th scope="col">{t('setup.users.email')}</th>
                <th scope="col">{t('setup.users.role')}</th>
                <th scope="col">{t('setup.users.language')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('setup.users.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    {user.name} {user.id === me.user.id ? t('setup.users.you') : null}
                  </th>
                  <td>{user.email}</td>
                  <td>
                    <select aria-label={t('setup.users.roleOf', { name: user.name })} value={user.role} disabled={action.busy} onChange={(e) => void changeRole(user, e.target.value as Role)}>
                      <RoleOptions roles={ROLES} />
                    </select>
                  </td>
                  <td>{t(`setup.language.${(LOCALES as readonly string[]).includes(user.locale.slice(0, 2)) ? (user.locale.slice(0, 2) as (typeof LOCALES)[number]) : 'en'}`)}</td>
                  <td>
                    {user.id === me.user.id ? null : confirming === user.id ? (
                      <button type="button" className="button button-danger button-small" onClick={() => void remove(user)}>
                        {t('setup.users.removeConfirm', { name: user.name })}
                      </button>
                    ) : (
                      <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(user.id)}>
                        {t('setup.users.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {conflict ? (
        <p className="notice notice-error" role="alert">
          {t('setup.users.notYourself')}
        </p>
      ) : (
        <FailureNotice failure={action.failure} />
      )}
      {notice ? <Saved text={notice} /> : null}
      <NewUserForm onCreated={users.reload} />
    </section>
  );
}

function NewUserForm({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState({ email: '', name: '', role: 'collector' as Role, locale: 'fr' });
  const [created, setCreated] = useState<{ name: string; email: string; password?: string } | null>(null);
  const action = useAction();
  const { errorOf } = useFieldErrors(action.failure);
  const taken = action.failure instanceof ApiError && action.failure.status === 409;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    const user = await action.run(() => apiPost<User & { password?: string }>('/api/users', { email: draft.email.trim(), name: draft.name.trim(), role: draft.role, locale: draft.locale }));
    if (user) {
      setCreated(user);
      setDraft({ ...draft, email: '', name: '' });
      onCreated();
    }
  };
  return (
    <form className="settings-form" onSubmit={submit} data-testid="new-user">
      <fieldset disabled={action.busy}>
        <legend>{t('setup.users.add')}</legend>
        <FormField id="new-user-name" label={t('setup.users.name')} errors={errorOf('name')}>
          <input id="new-user-name" value={draft.name} required onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </FormField>
        <FormField id="new-user-email" label={t('setup.users.email')} errors={taken ? [t('setup.users.emailTaken')] : errorOf('email')}>
          <input id="new-user-email" type="email" value={draft.email} required onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
        </FormField>
        <FormField id="new-user-role" label={t('setup.users.role')} errors={[]}>
          <select id="new-user-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            <RoleOptions roles={ROLES} />
          </select>
        </FormField>
        <FormField id="new-user-locale" label={t('setup.users.language')} errors={[]}>
          <LanguageSelect id="new-user-locale" value={draft.locale} onChange={(locale) => setDraft({ ...draft, locale })} />
        </FormField>
      </fieldset>
      {taken ? null : <FailureNotice failure={action.failure} />}
      {created?.password ? (
        <div className="notice notice-info" role="status" data-testid="user-created">
          <p>{t('setup.users.created', { name: created.name })}</p>
          <p>
            {created.email} · {t('setup.users.password')}: <code data-testid="new-password">{created.password}</code>
          </p>
        </div>
      ) : null}
      <button type="submit" className="button button-primary" disabled={action.busy}>
        {t('setup.users.create')}
      </button>
    </form>
  );
}

function ApiKeysPanel() {
  const { t, locale } = useI18n();
  const keys = useApi<{ items: ApiKey[] }>('/api/api-keys');
  const [draft, setDraft] = useState({ name: '', role: 'collector' as Role });
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const { errorOf } = useFieldErrors(action.failure);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const created = await action.run(() => apiPost<ApiKey & { key: string }>('/api/api-keys', { name: draft.name.trim(), role: draft.role }));
    if (created) {
      setSecret({ name: created.name, key: created.key });
      setDraft({ ...draft, name: '' });
      keys.reload();
    }
  };
  const revoke = async (key: ApiKey) => {
    setSecret(null);
    if ((await action.run(() => apiDelete(`/api/api-keys/${encodeURIComponent(key.id)}`).then(() => true))) === true) {
      setNotice(t('setup.keys.revoked', { name: key.name }));
      keys.reload();
    }
  };
  return (
    <section className="panel" aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('setup.keys.title')}</h2>
      <p className="field-help">{t('setup.keys.help')}</p>
      {keys.state === 'failed' ? <ErrorNotice error={keys.error} onRetry={keys.reload} /> : null}
      {!keys.data ? (
        <Loading />
      ) : keys.data.items.length === 0 ? (
        <p>{t('setup.keys.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="api-keys-table">
            <thead>
              <tr>
                <th scope="col">{t('setup.keys.name')}</th>
                <th scope="col">{t('setup.users.role')}</th>
                <th scope="col">{t('setup.keys.start')}</th>
                <th scope="col">{t('setup.keys.created')}</th>
                <th scope="col">{t('setup.keys.status')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id}>
                  <th scope="row">{key.name}</th>
                  <td>{t(`setup.role.${key.role}`)}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{formatDate(key.created_at.slice(0, 10) as PlainDate, locale)}</td>
                  <td>
                    {key.revoked_at ? (
                      t('setup.keys.revokedOn', { date: formatDateInWords(key.revoked_at.slice(0, 10) as PlainDate, locale) })
                    ) : (
                      <>
                        {t('setup.keys.active')}{' '}
                        <button type="button" className="button button-secondary button-small" aria-label={t('setup.keys.revokeOf', { name: key.name })} onClick={() => void revoke(key)}>
                          {t('setup.keys.revoke')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {notice ? <Saved text={notice} /> : null}
      {secret ? (
        <div className="notice notice-info" role="status" data-testid="api-key-created">
          <p>{t('setup.keys.secret', { name: secret.name })}</p>
          <p>
            <code data-testid="api-key-secret">{secret.key}</code>
          </p>
        </div>
      ) : null}
      <form className="settings-form" onSubmit={create}>
        <fieldset disabled={action.busy}>
          <legend>{t('setup.keys.add')}</legend>
          <FormField id="new-key-name" label={t('setup.keys.name')} errors={errorOf('name')}>
            <input id="new-key-name" value={draft.name} required onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </FormField>
          <FormField id="new-key-role" label={t('setup.users.role')} errors={[]}>
            <select id="new-key-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
              <RoleOptions roles={KEY_ROLES} />
            </select>
          </FormField>
        </fieldset>
        <FailureNotice failure={action.failure} />
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('setup.keys.create')}
        </button>
      </form>
    </section>
  );
}
