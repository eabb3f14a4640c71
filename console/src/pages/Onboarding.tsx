import { Alert, Button, Checkbox, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, keys, onboardingStages, type BulkResendResult, type OnboardingFunnel, type OnboardingStage } from '../api';
import { Link, navigate, useQueryParam } from '../router';
import { useSession } from '../session';
import { DeliveryState, ErrorAlert, LoadMore, Loading, QueryError, SuccessAlert, formatDate, methodLabel, stateLabel } from '../ui';

const stageOptions = [{ value: 'all', label: 'All' }, ...onboardingStages.map((s) => ({ value: s, label: stateLabel(s) }))];

/**
 * The funnel, step by step (each counts those who got at least that far), then the two ways
 * out of it. A card filters the list to its stage; Activated users have left the list, so
 * that card leads to the active users instead.
 */
const funnelCards: { key: keyof OnboardingFunnel; label: string; stage: OnboardingStage | null; step: boolean }[] = [
  { key: 'invited', label: 'Invited', stage: null, step: true },
  { key: 'delivered', label: 'Delivered', stage: 'delivered', step: true },
  { key: 'opened', label: 'Opened', stage: 'opened', step: true },
  { key: 'activated', label: 'Activated', stage: 'activated', step: true },
  { key: 'expired', label: 'Expired', stage: 'expired', step: false },
  { key: 'failed', label: 'Delivery failed', stage: 'failed', step: false },
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How long ago an invitation went out, in the largest unit that fits. */
export function humanAge(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return 'under a minute';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function Funnel({ funnel, stage, onPick }: { funnel: OnboardingFunnel | undefined; stage: OnboardingStage | null; onPick: (stage: OnboardingStage | null) => void }) {
  const share = (n: number) => (funnel && funnel.invited > 0 ? `${Math.round((100 * n) / funnel.invited)}% of invited` : '');
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" aria-label="Onboarding funnel" role="list">
      {funnelCards.map(({ key, label, stage: cardStage, step }, i) => {
        const pressed = cardStage === stage || (cardStage === null && stage === null);
        return (
          // biome-ignore lint/a11y/useSemanticElements: cards in a grid; ul/li would bring list margins and markers the grid would have to undo
          <div role="listitem" key={key}>
            <UnstyledButton
              onClick={() => onPick(cardStage)}
              aria-pressed={pressed}
              aria-label={`${label}: ${funnel ? funnel[key] : 'unknown'}${key === 'activated' ? ', show active users' : `, show ${cardStage ? stateLabel(cardStage).toLowerCase() : 'all'}`}`}
              data-testid={`funnel-card-${key}`}
              w="100%"
            >
              <Paper withBorder p="sm" style={{ borderColor: pressed ? 'var(--mantine-primary-color-filled)' : undefined, borderWidth: pressed ? 2 : undefined }}>
                <Text size="sm" c="dimmed">
                  {step && i > 0 ? '→ ' : ''}
                  {label}
                </Text>
                <Text fz="xl" fw={700} data-testid={`funnel-${key}`}>
                  {funnel ? funnel[key] : '—'}
                </Text>
                <Text size="xs" c="dimmed">
                  {key === 'invited' ? 'all invitations' : funnel ? share(funnel[key]) : ''}
                </Text>
              </Paper>
            </UnstyledButton>
          </div>
        );
      })}
    </SimpleGrid>
  );
}

interface ResendOutcome {
  sent: number;
  failures: { userId: string; username: string; message: string }[];
}

export function OnboardingPage() {
  const { org } = useSession();
  const queryClient = useQueryClient();
  const param = useQueryParam('stage');
  const stage = onboardingStages.includes(param as (typeof onboardingStages)[number]) ? (param as OnboardingStage) : null;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<ResendOutcome | null>(null);

  const onboarding = useInfiniteQuery({
    queryKey: [...keys.onboarding(org), stage],
    queryFn: ({ pageParam }) => api.onboarding(org, { stage, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const rows = onboarding.data?.pages.flatMap((p) => p.items) ?? [];
  const funnel = onboarding.data?.pages[0]?.funnel;
  // Only rows on screen can be resent: a selection hidden by the filter is never sent.
  const chosen = rows.filter((r) => selected.has(r.userId));
  const allChosen = rows.length > 0 && chosen.length === rows.length;

  const resend = useMutation({
    mutationFn: (userIds: string[]) => api.resendOnboarding(org, userIds),
    onMutate: () => setOutcome(null),
    onSuccess: ({ results }: { results: BulkResendResult[] }) => {
      const names = new Map(rows.map((r) => [r.userId, r.username]));
      setOutcome({
        sent: results.filter((r) => r.ok).length,
        failures: results
          .filter((r) => !r.ok)
          .map((r) => ({ userId: r.userId, username: names.get(r.userId) ?? r.userId, message: r.message ?? r.code ?? 'Not sent' })),
      });
      // The failed ones stay selected, to retry after fixing them.
      const failed = new Set(results.filter((r) => !r.ok).map((r) => r.userId));
      setSelected(failed);
      void queryClient.invalidateQueries({ queryKey: keys.onboarding(org) });
      void queryClient.invalidateQueries({ queryKey: keys.users(org) });
      for (const r of results) void queryClient.invalidateQueries({ queryKey: keys.user(org, r.userId) });
    },
  });

  const toggle = (userId: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(userId);
      else next.delete(userId);
      return next;
    });

  return (
    <Stack>
      <Title order={1}>Onboarding</Title>
      <Text c="dimmed">Users who have not set a password yet, with where their invitation stands.</Text>

      <Funnel
        funnel={funnel}
        stage={stage}
        onPick={(picked) => {
          setSelected(new Set());
          if (picked === 'activated') navigate('/users');
          else navigate(picked ? `/onboarding?stage=${encodeURIComponent(picked)}` : '/onboarding', { replace: true });
        }}
      />

      {outcome && (
        <SuccessAlert title={`Resent ${plural(outcome.sent, 'invitation')}`} onClose={() => setOutcome(null)}>
          {outcome.failures.length > 0 ? `${outcome.failures.length} could not be resent.` : undefined}
        </SuccessAlert>
      )}
      {outcome && outcome.failures.length > 0 && (
        <Alert role="alert" color="red" variant="light" title={`${plural(outcome.failures.length, 'invitation')} not resent`}>
          <List size="sm">
            {outcome.failures.map((f) => (
              <List.Item key={f.userId}>
                <strong>{f.username}</strong>: {f.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {resend.isError && <ErrorAlert error={resend.error} onClose={() => resend.reset()} />}

      <Group align="flex-end" justify="space-between">
        <Select
          label="Stage"
          data={stageOptions}
          value={stage ?? 'all'}
          onChange={(v) => {
            setSelected(new Set());
            navigate(!v || v === 'all' ? '/onboarding' : `/onboarding?stage=${encodeURIComponent(v)}`, { replace: true });
          }}
          allowDeselect={false}
          w={200}
        />
        <Group gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {chosen.length > 0 ? `${chosen.length} selected` : ''}
          </Text>
          <Button onClick={() => resend.mutate(chosen.map((r) => r.userId))} disabled={chosen.length === 0} loading={resend.isPending}>
            Resend selected
          </Button>
        </Group>
      </Group>

      {onboarding.isError && <QueryError error={onboarding.error} onRetry={() => void onboarding.refetch()} />}
      {onboarding.isPending ? (
        <Loading label="Loading onboarding…" />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-busy={onboarding.isFetching}>
            <Table.Caption>
              {rows.length === 0
                ? stage
                  ? 'No users at this stage.'
                  : 'Everyone has set a password.'
                : `${plural(rows.length, 'user')} shown${onboarding.hasNextPage ? ', more available' : ''}`}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={40}>
                  <Checkbox
                    aria-label="Select all"
                    checked={allChosen}
                    indeterminate={chosen.length > 0 && !allChosen}
                    disabled={rows.length === 0}
                    onChange={(e) => setSelected(e.currentTarget.checked ? new Set(rows.map((r) => r.userId)) : new Set())}
                  />
                </Table.Th>
                <Table.Th scope="col">Username</Table.Th>
                <Table.Th scope="col">Contact</Table.Th>
                <Table.Th scope="col">Method</Table.Th>
                <Table.Th scope="col">Stage</Table.Th>
                <Table.Th scope="col">Sent</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">Age</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.userId}>
                  <Table.Td>
                    <Checkbox aria-label={`Select ${r.username}`} checked={selected.has(r.userId)} onChange={(e) => toggle(r.userId, e.currentTarget.checked)} />
                  </Table.Td>
                  <Table.Td>
                    <Link to={`/users/${encodeURIComponent(r.userId)}`} fw={500}>
                      {r.username}
                    </Link>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {r.email || r.phone || (
                      <Text c="dimmed" span>
                        —
                      </Text>
                    )}
                    {r.email && r.phone && (
                      <Text size="xs" c="dimmed">
                        {r.phone}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{methodLabel(r.method)}</Table.Td>
                  <Table.Td>
                    <DeliveryState state={r.stage} error={r.deliveryError} />
                  </Table.Td>
                  <Table.Td>{formatDate(r.sentAt)}</Table.Td>
                  <Table.Td>{r.invitationId ? formatDate(r.expiresAt, 'never') : '—'}</Table.Td>
                  <Table.Td>{humanAge(r.ageSeconds)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={onboarding} />
    </Stack>
  );
}
