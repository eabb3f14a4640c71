import { Badge, Button, DataList, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../api';
import type { operations } from '../../api-schema';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError, formatDate } from '../../ui';

type RecoveryPhoneOf = operations['recoveryPhone.get']['responses'][200]['content']['application/json'];
type Phone = NonNullable<RecoveryPhoneOf['recoveryPhone']>;

const phonePath = (org: string, userId: string) => `/organizations/${encodeURIComponent(org)}/users/${encodeURIComponent(userId)}/recovery-phone`;
const phoneKey = (org: string, userId: string) => ['recovery-phone', org, userId] as const;

/**
 * The user's recovery phone on their page: the number, whether they proved it, when they
 * consented. Administrators who manage users may remove it; nobody here can set one, since only
 * the holder of a number can consent to it and prove it.
 */
export function RecoveryPhoneSection({ userId, username }: { userId: string; username: string }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const phone = useQuery({ queryKey: phoneKey(org, userId), queryFn: () => request<RecoveryPhoneOf>('GET', phonePath(org, userId)) });
  const remove = useMutation({
    mutationFn: () => request<void>('DELETE', phonePath(org, userId)),
    onSuccess: () => {
      setConfirming(false);
      notify({ title: 'Recovery phone removed', message: `${username} was told by email.` });
      void queryClient.invalidateQueries({ queryKey: phoneKey(org, userId) });
    },
  });
  const close = () => {
    remove.reset();
    setConfirming(false);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recovery-phone-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="recovery-phone-heading">
          Recovery phone
        </Title>
        {phone.isPending ? (
          <Loading label="Loading recovery phone…" />
        ) : phone.isError ? (
          <QueryError error={phone.error} onRetry={() => void phone.refetch()} />
        ) : phone.data.recoveryPhone ? (
          <PhoneDetails phone={phone.data.recoveryPhone} onRemove={can('users.manage') ? () => setConfirming(true) : undefined} />
        ) : (
          <Text c="dimmed" data-testid="recovery-phone-none">
            None. Only the user can add one, from their account page.
          </Text>
        )}
        <Text size="sm" c="dimmed">
          Only a verified recovery phone receives recovery codes. It is separate from the profile phone, which is used for SMS invitations.
        </Text>
      </Stack>
      <Modal opened={confirming} onClose={close} title="Remove recovery phone?">
        <Stack>
          {remove.isError && <ErrorAlert error={remove.error} />}
          <Text>
            <strong>{username}</strong> will no longer receive security codes at this number and is told by email. Only they can add a
            recovery phone again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              Remove recovery phone
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function PhoneDetails({ phone, onRemove }: { phone: Phone; onRemove?: () => void }) {
  return (
    <Stack gap="sm">
      <DataList orientation="horizontal" labelWidth={160} gap="xs">
        <DataList.Item>
          <DataList.ItemLabel>Number</DataList.ItemLabel>
          <DataList.ItemValue data-testid="recovery-phone-number">{phone.number}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>State</DataList.ItemLabel>
          <DataList.ItemValue>
            <Badge color={phone.state === 'verified' ? 'green' : 'orange'} variant="light" data-testid="recovery-phone-state">
              {phone.state === 'verified' ? 'Verified' : 'Not verified'}
            </Badge>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Consent to SMS</DataList.ItemLabel>
          <DataList.ItemValue>{formatDate(phone.consentedAt)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Verified</DataList.ItemLabel>
          <DataList.ItemValue>{formatDate(phone.verifiedAt, 'not yet')}</DataList.ItemValue>
        </DataList.Item>
      </DataList>
      {onRemove && (
        <Group>
          <Button color="red" variant="light" onClick={onRemove}>
            Remove recovery phone
          </Button>
        </Group>
      )}
    </Stack>
  );
}
