import { Alert, Button, Checkbox, FileInput, Group, Paper, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, currentCsrfToken, path, request, type Problem } from '../api';
import type { operations } from '../api-schema';
import { useSession } from '../session';
import { ErrorAlert, formatDate, LoadMore, Loading, QueryError } from '../ui';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Import = Json<operations['imports.create']['responses'][201]>;
type ImportWithReport = Json<operations['imports.get']['responses'][200]>;
type ReportRow = ImportWithReport['report']['items'][number];

const seg = encodeURIComponent;
const importKeys = {
  list: (org: string) => ['imports', org] as const,
  report: (org: string, id: string) => ['imports', org, id, 'report'] as const,
};

/** The content type the server reads a file as, from its name. */
function contentTypeOf(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'application/x-ndjson';
  if (name.endsWith('.json')) return 'application/json';
  return null;
}

/**
 * Sends the file as the request body with XMLHttpRequest, whose upload events give the
 * progress (fetch has none). The server reads as it imports, so the bytes sent follow the
 * rows handled.
 */
function upload(url: string, file: File, type: string, onProgress: (share: number) => void): Promise<Import> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${url}`);
    xhr.setRequestHeader('content-type', type);
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) resolve(body as Import);
      else {
        const problem = (body ?? { type: 'about:blank', title: `Upload failed with status ${xhr.status}`, status: xhr.status, code: `http.${xhr.status}` }) as Problem;
        reject(new ApiError({ ...problem, status: xhr.status }));
      }
    };
    xhr.onerror = () => reject(new ApiError({ type: 'about:blank', title: 'The server could not be reached. Check your connection and try again.', status: 0, code: 'network' }));
    xhr.send(file);
  });
}

const outcomeLabel: Record<ReportRow['outcome'], string> = { existing: 'Exists already', invalid: 'Not imported', over_limit: 'Over the user limit' };

function Counts({ result }: { result: Import }) {
  const p = result.progress;
  const created = result.dryRun ? 'would be created' : 'created';
  return (
    <Text data-testid="import-counts">
      {p.rows} rows: <strong>{p.created}</strong> {created}, {p.existing} existing, {p.invalid} not valid, {p.overLimit} over the user limit
      {result.invite ? `, ${p.invited} invitations ${result.dryRun ? 'would be ' : ''}queued` : ''}.
    </Text>
  );
}

function Report({ org, result }: { org: string; result: Import }) {
  const report = useInfiniteQuery({
    queryKey: importKeys.report(org, result.id),
    queryFn: ({ pageParam }) => request<ImportWithReport>('GET', path(`/organizations/${seg(org)}/imports/${seg(result.id)}`, { limit: 100, cursor: pageParam })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.report.nextCursor,
  });
  if (report.isError) return <QueryError error={report.error} onRetry={() => void report.refetch()} />;
  if (report.isPending) return <Loading label="Loading the report…" />;
  const rows = report.data.pages.flatMap((p) => p.report.items);
  if (rows.length === 0) return <Text>Every row {result.dryRun ? 'can be imported' : 'was imported'}.</Text>;
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label="Rows not imported" data-testid="import-report">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              <Table.Th>Username</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.row}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td>{r.username ?? '—'}</Table.Td>
                <Table.Td>{outcomeLabel[r.outcome]}</Table.Td>
                <Table.Td>{r.outcome === 'existing' ? 'left unchanged' : r.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore query={report} />
    </Stack>
  );
}

function RecentImports({ org }: { org: string }) {
  const list = useQuery({ queryKey: importKeys.list(org), queryFn: () => request<{ items: Import[] }>('GET', path(`/organizations/${seg(org)}/imports`, { limit: 10 })) });
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <Loading label="Loading imports…" />;
  if (list.data.items.length === 0) return <Text c="dimmed">No imports yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label="Recent imports">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Started</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Rows</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Not imported</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{formatDate(i.createdAt)}</Table.Td>
              <Table.Td>{i.actorLabel ?? '—'}</Table.Td>
              <Table.Td>
                {i.format}
                {i.dryRun ? ' (dry run)' : ''}
              </Table.Td>
              <Table.Td>{i.state}</Table.Td>
              <Table.Td>{i.progress.rows}</Table.Td>
              <Table.Td>{i.progress.created}</Table.Td>
              <Table.Td>{i.progress.invalid + i.progress.overLimit}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ImportsPage() {
  const { org, can } = useSession();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [invite, setInvite] = useState(false);
  const [mapping, setMapping] = useState('');
  const [share, setShare] = useState<number | null>(null);
  const [result, setResult] = useState<Import | null>(null);
  const [error, setError] = useState<unknown>(null);
  const type = file ? contentTypeOf(file) : null;

  const start = async () => {
    if (!file || !type) return;
    setResult(null);
    setError(null);
    setServer(null);
    setShare(0);
    try {
      const url = path(`/organizations/${seg(org)}/imports`, { dryRun: String(dryRun), invite: String(invite), map: mapping.trim() || undefined });
      setResult(await upload(url, file, type, setShare));
      setShare(1);
      void queryClient.invalidateQueries({ queryKey: importKeys.list(org) });
    } catch (err) {
      setError(err);
      setShare(null);
    }
  };
  const running = share !== null && result === null && error === null;
  const [server, setServer] = useState<Import['progress'] | null>(null);
  // While the file goes up, the import's own progress (bytes it has read, rows handled) is
  // read from the server: the browser may have sent everything into the network buffers
  // long before the rows are imported.
  useEffect(() => {
    if (!running) return;
    const since = Date.now() - 5000;
    let stop = false;
    const poll = async () => {
      while (!stop) {
        try {
          const list = await request<{ items: Import[] }>('GET', path(`/organizations/${seg(org)}/imports`, { limit: 5 }));
          const mine = list.items.find((i) => i.state === 'running' && new Date(i.createdAt).getTime() >= since);
          if (mine && !stop) setServer(mine.progress);
        } catch {
          // Progress is a courtesy: the upload's own answer tells the outcome.
        }
        await new Promise((r) => setTimeout(r, 400));
      }
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [running, org]);
  const serverShare = server?.bytesTotal ? server.bytesRead / server.bytesTotal : null;
  const percent = Math.round((result ? 1 : Math.min(share ?? 0, serverShare ?? 0)) * 100);

  if (!can('users.manage')) {
    return (
      <Stack>
        <Title order={1}>Import users</Title>
        <Alert color="gray">Importing users needs the user management privilege: ask an organization administrator.</Alert>
      </Stack>
    );
  }

  return (
    <Stack>
      <Title order={1}>Import users</Title>
      <Text>
        Upload a CSV file with a header row (username, email, first_name, last_name, phone, groups separated by ;, attributes.&lt;name&gt;), a JSON array or JSON lines of the same
        fields, or a Keycloak users export: people keep their passwords. Users whose username exists already are left unchanged, so a file can be imported again.
      </Text>
      <Paper withBorder p="md" component="section" aria-labelledby="upload-heading">
        <Stack>
          <Title order={2} size="h4" id="upload-heading">
            File
          </Title>
          <FileInput
            label="File to import"
            placeholder="Choose a .csv, .json, .jsonl or .ndjson file"
            accept=".csv,.json,.jsonl,.ndjson,text/csv,application/json"
            value={file}
            onChange={(f) => {
              setFile(f);
              setResult(null);
              setError(null);
              setShare(null);
            }}
            error={file && !type ? 'Name the file .csv, .json, .jsonl or .ndjson' : undefined}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
          />
          <TextInput
            label="Column mapping"
            description="Only for columns with other names: Column=field, separated by commas (fields: username, email, firstName, lastName, phone, groups, passwordHash, ignore, attributes.<name>)"
            placeholder="E-Mail=email, Dept=attributes.department"
            value={mapping}
            onChange={(e) => setMapping(e.currentTarget.value)}
          />
          <Checkbox label="Dry run: check every row and report, create nobody" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
          <Checkbox label="Invite the new users to set their own password" checked={invite} onChange={(e) => setInvite(e.currentTarget.checked)} />
          <Group>
            <Button onClick={() => void start()} disabled={!file || !type || running} loading={running}>
              {dryRun ? 'Check file' : 'Import users'}
            </Button>
          </Group>
          {share !== null && (
            <Stack gap={4}>
              <Text size="sm" id="import-progress-label">
                {running ? `Importing… ${percent}%${server ? ` (${server.rows.toLocaleString()} rows read)` : ''}` : result ? 'Done' : ''}
              </Text>
              <Progress.Root data-testid="import-progress">
                <Progress.Section value={percent} animated={running} aria-labelledby="import-progress-label" />
              </Progress.Root>
            </Stack>
          )}
          {error !== null && <ErrorAlert error={error} />}
        </Stack>
      </Paper>

      {result && (
        <Paper withBorder p="md" component="section" aria-labelledby="result-heading">
          <Stack>
            <Title order={2} size="h4" id="result-heading">
              {result.dryRun ? 'Dry run result: nothing was written' : 'Import result'}
            </Title>
            {result.state === 'failed' && (
              <Alert color="red" title="The import stopped">
                {result.error}. Rows before that point {result.dryRun ? 'were checked' : 'were imported'}; fix the file and import it again.
              </Alert>
            )}
            <Counts result={result} />
            <Report org={org} result={result} />
          </Stack>
        </Paper>
      )}

      <Paper withBorder p="md" component="section" aria-labelledby="recent-heading">
        <Stack>
          <Title order={2} size="h4" id="recent-heading">
            Recent imports
          </Title>
          <RecentImports org={org} />
        </Stack>
      </Paper>
    </Stack>
  );
}
