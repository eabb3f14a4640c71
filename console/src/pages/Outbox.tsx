import { Anchor, Button, Code, DataList, Modal, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, keys, type OutboxMessage } from '../api';
import { useSession } from '../session';
import { DeliveryState, LoadMore, Loading, QueryError, StateBadge, formatDate, messageKindLabel } from '../ui';

/** Text with its web addresses as links (opened in a new tab, without telling the site where from). */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed string, never reordered
          <Anchor key={i} href={part} target="_blank" rel="noopener noreferrer" inherit>
            {part}
          </Anchor>
        ) : (
          part
        ),
      )}
    </>
  );
}

function MessageModal({ message, onClose }: { message: OutboxMessage | undefined; onClose: () => void }) {
  return (
    <Modal opened={!!message} onClose={onClose} title={message ? (message.subject ?? '(no subject)') : ''} size="xl">
      {message && (
        <Stack>
          <DataList orientation="horizontal" labelWidth={110} gap={4}>
            {(
              [
                ['Subject', message.subject ?? '(no subject)'],
                ['Recipient', message.recipient],
                ['State', <StateBadge key="s" state={message.state} />],
                ['Kind', messageKindLabel(message.kind, message.channel)],
                ['Created', formatDate(message.createdAt)],
                ['Sent', formatDate(message.sentAt, 'not yet')],
                ['Attempts', String(message.attempts)],
                ...(message.transport ? [['Transport', message.transport]] : []),
                ...(message.lastError ? [['Last error', <Text key="e" span c="red" inherit>{message.lastError}</Text>]] : []),
              ] as [string, ReactNode][]
            ).map(([label, value]) => (
              <DataList.Item key={label}>
                <DataList.ItemLabel>{label}</DataList.ItemLabel>
                <DataList.ItemValue>{value}</DataList.ItemValue>
              </DataList.Item>
            ))}
          </DataList>

          <Title order={3} size="h5">
            Text
          </Title>
          <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 320, overflow: 'auto' }} data-testid="message-text">
            <Linked text={message.textBody} />
          </Code>

          {message.htmlBody !== null && (
            <>
              <Title order={3} size="h5">
                HTML
              </Title>
              {/* sandbox="" allows nothing: no scripts, no forms, no navigation. */}
              <iframe
                title="Message preview"
                sandbox=""
                srcDoc={message.htmlBody}
                referrerPolicy="no-referrer"
                style={{ width: '100%', height: 420, border: '1px solid var(--mantine-color-default-border)', borderRadius: 4, background: '#fff' }}
              />
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}

export function OutboxPage() {
  const { org } = useSession();
  const [openId, setOpenId] = useState<string | null>(null);
  const outbox = useInfiniteQuery({
    queryKey: keys.outbox(org),
    queryFn: ({ pageParam }) => api.outbox(org, { cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const rows = outbox.data?.pages.flatMap((p) => p.items) ?? [];
  // Looked up on every refresh, so the open message shows its latest delivery state.
  const open = openId ? rows.find((m) => m.id === openId) : undefined;

  return (
    <Stack>
      <Title order={1}>Outbox</Title>
      <Text c="dimmed">
        Every message Latchkey sends is stored here with its delivery state; when no SMTP server is configured, this is where you can read them.
      </Text>

      {outbox.isError && <QueryError error={outbox.error} onRetry={() => void outbox.refetch()} />}
      {outbox.isPending ? (
        <Loading label="Loading messages…" />
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Caption>{rows.length === 0 ? 'No messages yet.' : 'Refreshes every 5 seconds. Select a row to read the message.'}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Recipient</Table.Th>
                <Table.Th scope="col">Subject</Table.Th>
                <Table.Th scope="col">Kind</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Attempts</Table.Th>
                <Table.Th scope="col">Sent</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id} onClick={() => setOpenId(m.id)} style={{ cursor: 'pointer' }}>
                  <Table.Td>{formatDate(m.createdAt)}</Table.Td>
                  <Table.Td>{m.recipient}</Table.Td>
                  <Table.Td>{m.subject ?? <Text c="dimmed" span>(no subject)</Text>}</Table.Td>
                  <Table.Td>
                    <Text span size="sm">
                      {messageKindLabel(m.kind, m.channel)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <DeliveryState state={m.state} error={m.lastError} />
                  </Table.Td>
                  <Table.Td>{m.attempts}</Table.Td>
                  <Table.Td>{formatDate(m.sentAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={(e) => {
                        e.stopPropagation();
                        setOpenId(m.id);
                      }}
                    >
                      View
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={outbox} />

      <MessageModal message={open} onClose={() => setOpenId(null)} />
    </Stack>
  );
}
