import { Alert, Badge, Button, Checkbox, Group, List, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorMessage, keys, type CreateUserInput, type InvitationMethod, type Privilege, type User, type UserStatus } from '../api';
import { Link } from '../router';
import { useSession } from '../session';
import { PinHolderBadge } from './user/PinCode';
import { UserListFilters, listQuery, narrows, noChoices } from './UserListFilters';
import {
  ErrorAlert,
  LoadMore,
  Loading,
  OneTimeLink,
  QueryError,
  StateBadge,
  SuccessAlert,
  fieldErrors,
  formatDate,
  lockoutText,
  methodLabels,
  privilegeLabel,
  problemCode,
  sheetLinkHelp,
  typedAsIs,
} from '../ui';

const statusOptions = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'active', label: 'Active' },
  { value: 'locked', label: 'Locked' },
  { value: 'disabled', label: 'Disabled' },
];

const typeOptions = [
  { value: 'all', label: 'All' },
  { value: 'pin_holder', label: 'PIN holders' },
  { value: 'standard', label: 'Standard' },
];

const userLabels: Record<string, string> = {
  username: 'Username',
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  phone: 'Phone',
  privilege: 'Privilege',
  invite: 'Invite',
  invitationMethod: 'Invitation method',
  shareLink: 'Printable sheet',
};

const invitationMethods = [
  { value: 'default', label: 'Organization default' },
  ...(Object.keys(methodLabels) as InvitationMethod[]).map((value) => ({ value, label: methodLabels[value] })),
];

/** Problems about one field that the server reports as a whole-request error, by field. */
const problemFields: Record<string, string> = {
  'user.phone_invalid': 'phone',
  'user.phone_required': 'phone',
  'user.email_required': 'email',
};

/** Field errors of a failed request: validation errors, and the problems that concern one field. */
export function userFieldErrors(err: unknown): Record<string, string> {
  const errors = fieldErrors(err);
  const field = problemFields[problemCode(err) ?? ''];
  if (field && !errors[field]) errors[field] = errorMessage(err);
  return errors;
}

/**
 * What can be told before asking the server, so every wrong field is marked at once (the
 * server answers the first kind of problem it finds). The server stays the judge.
 */
export function localContactErrors(form: { email: string; phone: string }): Record<string, string> {
  const errors: Record<string, string> = {};
  const email = form.email.trim();
  const phone = form.phone.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'must be an email address';
  if (phone && !/^\+[1-9][\d\s().-]{5,}$/.test(phone)) errors.phone = 'must start with + and the country code, e.g. +41 79 123 45 67';
  return errors;
}

/** The errors found before sending, listed the way the server's are. */
export function LocalErrors({ errors, labels }: { errors: Record<string, string>; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <Alert role="alert" color="red" variant="light" title="Some fields need a change">
      <List size="sm">
        {entries.map(([field, message]) => (
          <List.Item key={field}>
            {labels[field] ?? field}: {message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

interface Contact {
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
}

/** The contact fields of the new-user and edit-user forms: email, first and last name, phone. */
export function ContactFields({
  form,
  set,
  errors,
  emailDescription,
  autoFocus = false,
}: {
  form: Contact;
  set: (field: keyof Contact) => (e: { currentTarget: { value: string } }) => void;
  errors: Record<string, string>;
  emailDescription?: string;
  /** Whether the email field takes the focus when the dialog opens. */
  autoFocus?: boolean;
}) {
  return (
    <>
      <TextInput
        label="Email"
        type="email"
        value={form.email}
        onChange={set('email')}
        error={errors.email}
        description={emailDescription}
        autoComplete="off"
        data-autofocus={autoFocus || undefined}
      />
      <Group grow align="flex-start">
        <TextInput label="First name" value={form.firstName} onChange={set('firstName')} error={errors.firstName} autoComplete="off" />
        <TextInput label="Last name" value={form.lastName} onChange={set('lastName')} error={errors.lastName} autoComplete="off" />
      </Group>
      <TextInput
        label="Phone"
        type="tel"
        description="International format: + and country code, e.g. +41 79 123 45 67"
        value={form.phone}
        onChange={set('phone')}
        error={errors.phone}
        autoComplete="off"
      />
    </>
  );
}

export const fullName = (u: { firstName: string | null; lastName: string | null }) => [u.firstName, u.lastName].filter(Boolean).join(' ');

/** The printable sheet of a new user's invitation. */
interface Sheet {
  username: string;
  url: string;
  /** Whether a message went out too, or the sheet is the only delivery. */
  sent: boolean;
}

function PrintableSheetModal({ sheet: current, onClose }: { sheet: Sheet | null; onClose: () => void }) {
  // The last sheet stays in the modal while it fades out.
  const [sheet, setSheet] = useState(current);
  if (current && current !== sheet) setSheet(current);
  return (
    <Modal opened={!!current} onClose={onClose} title="Printable sheet" size="lg">
      {sheet && (
        <Stack>
          <SuccessAlert title={`${sheet.username} is invited`}>
            {sheet.sent
              ? 'The invitation was sent, and it is also on a printable sheet.'
              : 'No message was sent: the printable sheet is the only way the invitation reaches them.'}
          </SuccessAlert>
          <OneTimeLink url={sheet.url} label="One-time link to the printable sheet" testId="sheet-url">
            {sheetLinkHelp}
          </OneTimeLink>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

const sheetOf = (user: User): Sheet | null =>
  user.invitation?.viewUrl ? { username: user.username, url: user.invitation.viewUrl, sent: !!user.invitation.delivery } : null;

function NewUserModal({ opened, onClose, onSheet }: { opened: boolean; onClose: () => void; onSheet: (sheet: Sheet) => void }) {
  const { org, isPlatformAdmin, notify } = useSession();
  const queryClient = useQueryClient();
  const organization = useQuery({ queryKey: keys.organization(org), queryFn: () => api.organization(org) });
  const invitationsOff = organization.data?.settings.invitation.enabled === false;

  const empty = { username: '', email: '', firstName: '', lastName: '', phone: '' };
  const [form, setForm] = useState(empty);
  const [privilege, setPrivilege] = useState<Privilege>('user');
  const [invite, setInvite] = useState(true);
  const [method, setMethod] = useState('default');
  const [shareLink, setShareLink] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (field: keyof typeof empty) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
  };

  const create = useMutation({
    mutationFn: (input: CreateUserInput) => api.createUser(org, input),
    onSuccess: (user, input) => {
      void queryClient.invalidateQueries({ queryKey: keys.users(org) });
      const created = sheetOf(user);
      notify({
        title: 'User created',
        message: !input.invite ? undefined : created && !created.sent ? 'Invitation on the printable sheet only' : 'Invitation sent',
      });
      close();
      if (created) onSheet(created);
    },
  });

  function close() {
    setForm(empty);
    setPrivilege('user');
    setInvite(true);
    setMethod('default');
    setShareLink(false);
    setLocal({});
    create.reset();
    onClose();
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = (v: string) => v.trim() || undefined;
    const found = { ...localContactErrors(form), ...(form.username.trim() ? {} : { username: 'is required' }) };
    setLocal(found);
    if (Object.keys(found).length > 0) {
      create.reset();
      return;
    }
    create.mutate({
      username: form.username.trim(),
      email: trimmed(form.email),
      firstName: trimmed(form.firstName),
      lastName: trimmed(form.lastName),
      // International format as typed; the server stores it as E.164.
      phone: trimmed(form.phone),
      privilege,
      invite,
      ...(invite && method !== 'default' && { invitationMethod: method as InvitationMethod }),
      ...(invite && shareLink && { shareLink: true }),
    });
  };

  const errors = { ...userFieldErrors(create.error), ...local };
  const privileges: Privilege[] = isPlatformAdmin ? ['user', 'helpdesk', 'org_admin', 'platform_admin'] : ['user', 'helpdesk', 'org_admin'];

  return (
    <Modal opened={opened} onClose={close} title="New user" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <LocalErrors errors={local} labels={userLabels} />
          {create.isError && <ErrorAlert error={create.error} labels={userLabels} />}
          <TextInput
            label="Username"
            description="Required. Letters, digits and . _ @ + -"
            required
            value={form.username}
            onChange={set('username')}
            error={errors.username}
            {...typedAsIs}
            data-autofocus
          />
          <ContactFields
            form={form}
            set={set}
            errors={errors}
            emailDescription={
              invite && method !== 'sms_otp'
                ? shareLink
                  ? 'Optional with a printable sheet; needed to send the invitation by email'
                  : 'Needed to send the invitation by email'
                : undefined
            }
          />
          <Select
            label="Privilege"
            description="Console access: helpdesk and above can sign in here"
            data={privileges.map((p) => ({ value: p, label: privilegeLabel(p) }))}
            value={privilege}
            onChange={(v) => v && setPrivilege(v as Privilege)}
            allowDeselect={false}
            error={errors.privilege}
          />
          <Checkbox
            label="Invite the user to set their own password"
            description={
              invitationsOff
                ? 'Invitations are turned off for this organization (see Organization).'
                : 'Sends a link or a code; the account stays pending until the password is set.'
            }
            checked={invite}
            onChange={(e) => setInvite(e.currentTarget.checked)}
          />
          {invite && (
            <Select
              label="Invitation method"
              description={method === 'sms_otp' ? 'A code by SMS needs the phone number' : undefined}
              data={invitationMethods}
              value={method}
              onChange={(v) => v && setMethod(v)}
              allowDeselect={false}
              error={errors.invitationMethod}
            />
          )}
          {invite && (
            <Checkbox
              label="Create a printable sheet (one-time link)"
              description="For people without email: a link that opens once within 24 hours and shows the invitation code or link with a QR code to print."
              checked={shareLink}
              onChange={(e) => setShareLink(e.currentTarget.checked)}
              error={errors.shareLink}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} type="button">
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A lockout next to the status: "active" alone would hide that the user can't sign in. */
export function LockoutBadge({ user }: { user: User }) {
  if (!user.lockout) return null;
  return (
    <Badge color="orange" variant="light" style={{ textTransform: 'none', color: 'var(--mantine-color-dark-7)' }} title={lockoutText(user.lockout)} data-testid="lockout">
      {user.lockout.reason === 'failure_cap' ? 'Locked out (100 failures)' : 'Locked out'}
    </Badge>
  );
}

export function UsersPage() {
  const { org, can } = useSession();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('all');
  const [type, setType] = useState('all');
  const [choices, setChoices] = useState(noChoices);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [creating, setCreating] = useState(false);
  // Shown after the new user's form has closed.
  const [sheet, setSheet] = useState<Sheet | null>(null);

  const filter = { search: debouncedSearch || undefined, status: status === 'all' ? null : (status as UserStatus), type: type === 'all' ? null : (type as User['type']), ...listQuery(choices) };
  const users = useInfiniteQuery({
    queryKey: [...keys.users(org), filter],
    queryFn: ({ pageParam }) => api.users(org, { ...filter, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!filter.search || !!filter.status || !!filter.type || narrows(choices);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Users</Title>
        {can('users.manage') && <Button onClick={() => setCreating(true)}>New user</Button>}
      </Group>

      <Group align="flex-end" role="search">
        <TextInput
          label="Search"
          description="Start of a username or email"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maxLength={254}
          w={320}
          type="search"
        />
        <Select label="Status" data={statusOptions} value={status} onChange={(v) => setStatus(v ?? 'all')} allowDeselect={false} w={180} />
        <Select label="Type" data={typeOptions} value={type} onChange={(v) => setType(v ?? 'all')} allowDeselect={false} w={180} />
        <UserListFilters value={choices} onChange={setChoices} />
      </Group>

      {users.isError && <QueryError error={users.error} onRetry={() => void users.refetch()} />}
      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-busy={users.isFetching}>
            <Table.Caption>
              {rows.length === 0
                ? filtered
                  ? 'No users match the search and filters.'
                  : 'No users yet.'
                : `${rows.length} ${rows.length === 1 ? 'user' : 'users'} shown${users.hasNextPage ? ', more available' : ''}`}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Username</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Privilege</Table.Th>
                <Table.Th scope="col">Last login</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Link to={`/users/${encodeURIComponent(u.id)}`} fw={500}>
                      {u.username}
                    </Link>
                    <PinHolderBadge user={u} />
                  </Table.Td>
                  <Table.Td>{u.email || <Text c="dimmed" span>—</Text>}</Table.Td>
                  <Table.Td>{fullName(u) || <Text c="dimmed" span>—</Text>}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <StateBadge state={u.status} />
                      <LockoutBadge user={u} />
                    </Group>
                    {u.lockout && (
                      <Text size="xs" c="dimmed">
                        {lockoutText(u.lockout)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {u.privilege === 'user' ? (
                      <Text span>User</Text>
                    ) : (
                      <Badge variant="outline" style={{ textTransform: 'none' }}>
                        {privilegeLabel(u.privilege)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDate(u.lastLoginAt, 'never')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={users} />

      <NewUserModal opened={creating} onClose={() => setCreating(false)} onSheet={setSheet} />
      <PrintableSheetModal sheet={sheet} onClose={() => setSheet(null)} />
    </Stack>
  );
}
