import { Anchor, Button, Code, CopyButton, Group, Image, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, keys } from '../api';
import { useSession } from '../session';
import { Loading, QueryError } from '../ui';

/** One address with its copy button; the button is described by the row's label. */
function AddressRow({ id, label, value, children }: { id: string; label: string; value: string; children?: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" id={id} fw={500} w={200}>
        {label}
      </Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children ?? <Code>{value}</Code>}</Table.Td>
      <Table.Td w={100}>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy} aria-describedby={id}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Table.Td>
    </Table.Tr>
  );
}

export function SupportPage() {
  const { org } = useSession();
  const support = useQuery({ queryKey: keys.support(org), queryFn: () => api.support(org) });

  return (
    <Stack>
      <Title order={1}>Support</Title>
      <Text>Users need this address for their first sign-in: give it to them together with their invitation or temporary password.</Text>

      {support.isError ? (
        <QueryError error={support.error} onRetry={() => void support.refetch()} />
      ) : support.isPending ? (
        <Loading label="Loading addresses…" />
      ) : (
        <Paper withBorder p="md" component="section" aria-labelledby="addresses-heading">
          <Stack>
            <Title order={2} size="h4" id="addresses-heading">
              Addresses of {support.data.organization.name}
            </Title>
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="sm">
                <Table.Tbody>
                  <AddressRow id="support-server-url" label="Server URL" value={support.data.serverUrl} />
                  <AddressRow id="support-login-url" label="Sign-in URL" value={support.data.loginUrl}>
                    <Anchor href={support.data.loginUrl} target="_blank" rel="noopener noreferrer">
                      {support.data.loginUrl}
                    </Anchor>
                  </AddressRow>
                  <AddressRow id="support-forgot-url" label="Forgot password URL" value={support.data.forgotPasswordUrl} />
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group align="center" gap="md">
              <Image src={support.data.qrCode} alt="QR code of the sign-in address" w={200} h={200} fit="contain" />
              <Text size="sm" c="dimmed" maw={360}>
                Phones open the sign-in page by scanning this code. Print it or show it on screen next to the address.
              </Text>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
