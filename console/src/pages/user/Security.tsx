import { Alert, Badge, Button, Code, Group, Modal, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, keys, type MfaMethod, type User } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert, QueryError, formatDate } from '../../ui';

const methodText: Record<MfaMethod, string> = { otp: 'Authenticator app', sms: 'Text message (SMS)', backup_code: 'Backup code' };
const kindText: Record<string, string> = { totp: 'Authenticator app', sms: 'Text message (SMS)', webauthn: 'Passkey' };
const reasonText: Record<string, string> = {
  replaced: 'replaced by a new app',
  removed: 'removed by the user',
  reset: 'reset by an administrator',
  recovery: 'reset by recovery SMS',
  abandoned: 'enrollment not finished',
};

/**
 * A user's second factors and the administrators' MFA actions: change the default second
 * factor, reset MFA, generate a backup code for a locked-out user. What is offered follows the
 * admin's permissions; the API checks every call.
 */
export function UserSecurity({ user }: { user: User }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const manage = can('users.manage');
  const factors = useQuery({ queryKey: keys.mfa(org, user.id), queryFn: () => api.mfaFactors(org, user.id) });
  const [confirmReset, setConfirmReset] = useState(false);
  const [issued, setIssued] = useState<{ code: string; expiresAt: string } | null>(null);
  const update = (data: Awaited<ReturnType<typeof api.mfaFactors>>) => queryClient.setQueryData(keys.mfa(org, user.id), data);
  const setDefault = useMutation({ mutationFn: (m: MfaMethod) => api.setMfaDefaultMethod(org, user.id, m), onSuccess: (d) => { update(d); notify({ title: 'Second factor changed' }); } });
  const reset = useMutation({ mutationFn: () => api.resetMfa(org, user.id), onSuccess: (d) => { update(d); setConfirmReset(false); notify({ title: 'MFA reset', message: 'Every factor is disabled; the user was told.' }); } });
  const issue = useMutation({ mutationFn: () => api.issueBackupCode(org, user.id), onSuccess: (r) => setIssued(r as { code: string; expiresAt: string }) });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="security-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="security-heading">
          Security
        </Title>
        {factors.isError ? (
          <QueryError error={factors.error} onRetry={() => void factors.refetch()} />
        ) : !factors.data ? (
          <Text size="sm" c="dimmed">Loading second factors…</Text>
        ) : (
          <>
            {(
              [
                ['default', setDefault],
                ['reset', reset],
                ['issue', issue],
              ] as const
            ).map(([name, m]) => m.isError && <ErrorAlert key={name} error={m.error} onClose={() => m.reset()} />)}
            <Text size="sm" data-testid="mfa-summary">
              {factors.data.methods.length === 0
                ? 'No second factor.'
                : `Second factors: ${factors.data.methods.map((m) => methodText[m]).join(', ')}. Backup codes left: ${factors.data.backupCodesLeft}.`}
              {factors.data.enrollRequired && ' Sets up an authenticator app at the next sign-in.'}
            </Text>
            {factors.data.factors.length > 0 && (
              <Table.ScrollContainer minWidth={480}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Factor</Table.Th>
                      <Table.Th>State</Table.Th>
                      <Table.Th>Added</Table.Th>
                      <Table.Th>Ended</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {factors.data.factors.map((f) => (
                      <Table.Tr key={f.id}>
                        <Table.Td>{kindText[f.kind] ?? f.kind}</Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={f.state === 'active' ? 'green' : 'gray'}>
                            {f.state}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{formatDate(String(f.createdAt))}</Table.Td>
                        <Table.Td>{f.disabledAt ? `${formatDate(String(f.disabledAt))} (${reasonText[f.disabledReason ?? ''] ?? f.disabledReason})` : '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {manage && factors.data.methods.length > 1 && (
              <NativeSelect
                label="Default second factor"
                description="Asked for first at sign-in; the others stay available."
                value={factors.data.methods[0]}
                onChange={(e) => setDefault.mutate(e.currentTarget.value as MfaMethod)}
                data={factors.data.methods.map((m) => ({ value: m, label: methodText[m] }))}
                maw={320}
              />
            )}
            {manage && (
              <Group>
                <Button variant="default" onClick={() => issue.mutate()} loading={issue.isPending} disabled={!factors.data.methods.some((m) => m !== 'backup_code')}>
                  Generate backup code
                </Button>
                <Button color="red" variant="light" onClick={() => setConfirmReset(true)} disabled={factors.data.factors.every((f) => f.state === 'disabled') && factors.data.backupCodesLeft === 0}>
                  Reset MFA
                </Button>
              </Group>
            )}
            {issued && (
              <Alert color="green" variant="light" title="Backup code for the user" withCloseButton onClose={() => setIssued(null)} data-testid="issued-backup-code">
                <Stack gap={4}>
                  <Code fz="lg">{issued.code}</Code>
                  <Text size="sm">Shown only now. It works once, until {formatDate(issued.expiresAt)}. Give it to the user only after you verified who they are.</Text>
                </Stack>
              </Alert>
            )}
          </>
        )}
      </Stack>
      <Modal opened={confirmReset} onClose={() => setConfirmReset(false)} title="Reset MFA?">
        <Stack>
          <Text size="sm">
            Every second factor of {user.username} is disabled (kept in the record) and their backup codes stop working. They are told by email. When the organization requires a second factor, they set up a new one at their next sign-in.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmReset(false)}>Cancel</Button>
            <Button color="red" onClick={() => reset.mutate()} loading={reset.isPending}>Reset MFA</Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
