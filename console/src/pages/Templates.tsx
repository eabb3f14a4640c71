import { Alert, Badge, Button, Code, Group, List, Paper, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api';
import { useSession } from '../session';
import { ErrorAlert, Loading, QueryError } from '../ui';
import { Layouts } from './TemplateLayouts';
import { type TemplateDetail, type TemplatePreview, type TemplateSummary, templateKeys, templatesApi } from './templates-api';

type Part = 'subject' | 'html' | 'text';
interface Draft {
  subject: string;
  html: string;
  text: string;
}

/** A Liquid error as the server reports it: which part, where, and what. */
interface SyntaxProblem {
  part: Part;
  line: number;
  column: number;
  message: string;
}

function syntaxProblemOf(err: unknown): SyntaxProblem | null {
  if (!(err instanceof ApiError) || err.problem.code !== 'template.syntax_error') return null;
  const p = err.problem as unknown as { part?: Part; line?: number; column?: number; errors?: { message: string }[] };
  return { part: p.part ?? 'text', line: p.line ?? 1, column: p.column ?? 1, message: p.errors?.[0]?.message ?? err.message };
}

const draftOf = (t: TemplateDetail): Draft => ({ subject: t.source.subject ?? '', html: t.source.html ?? '', text: t.source.text });
const PREVIEW_DELAY_MS = 400;

/** Renders the draft with the sample values a moment after the last keystroke; stale answers are dropped. */
function useLivePreview(org: string, kind: string, locale: string, channel: string, draft: Draft | null) {
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  useEffect(() => {
    if (!draft) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      const body = channel === 'sms' ? { locale, text: draft.text } : { locale, ...draft };
      templatesApi.preview(org, kind, body).then(
        (p) => {
          if (mine !== seq.current) return;
          setPreview(p);
          setError(null);
        },
        (err: unknown) => {
          if (mine === seq.current) setError(err);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [org, kind, locale, channel, draft]);
  return { preview, error };
}

function Editor({ summary, detail, locale }: { summary: TemplateSummary; detail: TemplateDetail; locale: string }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(detail));
  const live = useLivePreview(org, summary.kind, locale, summary.channel, draft);
  const refresh = (updated: TemplateDetail) => {
    queryClient.setQueryData(templateKeys.detail(org, summary.kind, locale), updated);
    void queryClient.invalidateQueries({ queryKey: templateKeys.list(org) });
    void queryClient.invalidateQueries({ queryKey: templateKeys.layouts(org) });
  };
  const save = useMutation({
    mutationFn: () => templatesApi.update(org, summary.kind, summary.channel === 'sms' ? { locale, text: draft.text } : { locale, ...draft }),
    onSuccess: (updated) => {
      refresh(updated);
      notify({ title: 'Template saved', message: `${summary.kind} (${locale}) now uses the organization's own template.` });
    },
  });
  const reset = useMutation({
    mutationFn: () => templatesApi.reset(org, summary.kind, locale),
    onSuccess: (updated) => {
      refresh(updated);
      setDraft(draftOf(updated));
      notify({ title: 'Template reset', message: `${summary.kind} (${locale}) uses the built-in default again.` });
    },
  });
  const problem = syntaxProblemOf(save.error) ?? syntaxProblemOf(live.error);
  const problemText = problem ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : undefined;
  const errorFor = (part: Part) => (problem?.part === part ? problemText : undefined);
  const missing = live.preview?.missingFields ?? [];
  const set = (part: Part) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [part]: value }));
  };
  const mono = { input: { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 13 } };

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge variant="light">{summary.channel === 'sms' ? 'SMS' : 'Email'}</Badge>
        <Text size="sm">
          Layout <Code>{summary.layoutName}</Code> ({detail.own ? 'organization’s own' : 'built-in default'}, locale {locale})
        </Text>
      </Group>
      <Text size="sm">
        Required fields:{' '}
        {summary.requiredFields.length ? summary.requiredFields.map((f) => <Code key={f} mr={4}>{`{{ ${f} }}`}</Code>) : 'none'}
        {summary.legacyAliases.length > 0 && (
          <>
            {' '}
            · Legacy fields: {summary.legacyAliases.map((a) => <Code key={a} mr={4}>{a}</Code>)}
          </>
        )}
      </Text>
      {save.isError && !syntaxProblemOf(save.error) && <ErrorAlert error={save.error} />}
      {problem && (
        <Alert color="red" title="Liquid syntax error" role="alert" data-testid="template-syntax-error">
          {problem.part}: {problemText}
        </Alert>
      )}
      {live.error && !problem ? <Alert color="red" title="Preview failed">{errorMessage(live.error)}</Alert> : null}
      {missing.length > 0 && (
        <Alert color="orange" title="Missing required field" data-testid="template-missing">
          Saving is refused until the template contains {missing.map((m) => `{{ ${m} }}`).join(', ')}.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Stack gap="sm">
          {summary.channel === 'email' && <TextInput label="Subject" value={draft.subject} onChange={set('subject')} error={errorFor('subject')} styles={mono} />}
          {summary.channel === 'email' && <Textarea label="HTML body" value={draft.html} onChange={set('html')} error={errorFor('html')} autosize minRows={8} maxRows={24} styles={mono} />}
          <Textarea label={summary.channel === 'email' ? 'Text body' : 'Message text'} value={draft.text} onChange={set('text')} error={errorFor('text')} autosize minRows={5} maxRows={20} styles={mono} />
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              Save template
            </Button>
            <Button variant="default" onClick={() => reset.mutate()} loading={reset.isPending} disabled={!detail.own}>
              Reset to default
            </Button>
          </Group>
          {reset.isError && <ErrorAlert error={reset.error} />}
        </Stack>
        <Stack gap="sm" aria-live="polite">
          <Title order={3} size="h5">
            Preview (sample values)
          </Title>
          {live.preview ? (
            <>
              {live.preview.subject !== null && (
                <Text size="sm" data-testid="preview-subject">
                  <strong>Subject:</strong> {live.preview.subject}
                </Text>
              )}
              {live.preview.html !== null && (
                <iframe title="HTML preview" sandbox="" srcDoc={live.preview.html} style={{ width: '100%', height: 320, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, background: '#fff' }} />
              )}
              <Paper withBorder p="sm">
                <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="preview-text">
                  {live.preview.text}
                </Text>
              </Paper>
            </>
          ) : (
            <Loading label="Rendering preview…" />
          )}
        </Stack>
      </SimpleGrid>
      <details>
        <summary>Variables of this message</summary>
        <Table.ScrollContainer minWidth={500}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Variable</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Sample</Table.Th>
                <Table.Th>Meaning</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...summary.variables, { name: 'environment', type: 'string', sample: 'the environment name', description: "The organization's environment name" }].map((v) => (
                <Table.Tr key={v.name}>
                  <Table.Td>
                    <Code>{v.type === 'date' ? `{{ ${v.name} | localdate }}` : `{{ ${v.name} }}`}</Code>
                  </Table.Td>
                  <Table.Td>{v.type}</Table.Td>
                  <Table.Td>{v.sample === null ? '—' : String(v.sample)}</Table.Td>
                  <Table.Td>{v.description}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </details>
    </Stack>
  );
}

function KindEditor({ summary }: { summary: TemplateSummary }) {
  const { org } = useSession();
  const [locale, setLocale] = useState('en');
  const [typed, setTyped] = useState('en');
  const valid = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(typed);
  const detail = useQuery({ queryKey: templateKeys.detail(org, summary.kind, locale), queryFn: () => templatesApi.get(org, summary.kind, locale) });
  const section = useRef<HTMLElement>(null);
  // The editor opens below the list: bring it into view.
  useEffect(() => {
    section.current?.scrollIntoView({ block: 'start' });
  }, []);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="template-editor-heading" ref={section}>
      <Stack gap="md">
        <Title order={2} size="h3" id="template-editor-heading">
          {summary.description}
        </Title>
        <Group align="end">
          <TextInput label="Locale" description="BCP 47, e.g. en, es, ja" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} error={valid ? undefined : 'Enter a language tag such as en or es-MX'} w={200} />
          <Button variant="default" disabled={!valid || typed === locale} onClick={() => setLocale(typed)}>
            Show locale
          </Button>
        </Group>
        {detail.isError && <QueryError error={detail.error} onRetry={() => void detail.refetch()} />}
        {detail.data ? <Editor key={`${summary.kind}:${locale}:${detail.data.updatedAt ?? 'default'}`} summary={summary} detail={detail.data} locale={locale} /> : !detail.isError && <Loading />}
      </Stack>
    </Paper>
  );
}

/** The organization's message templates: the catalog of kinds, an editor with live preview, layouts and variables. */
export function TemplatesPage() {
  const { org, can } = useSession();
  const allowed = can('settings.manage');
  const list = useQuery({ queryKey: templateKeys.list(org), queryFn: () => templatesApi.list(org), enabled: allowed });
  const [selected, setSelected] = useState<string | null>(null);
  if (!allowed) {
    return (
      <Stack>
        <Title order={1}>Message templates</Title>
        <Text>Only organization administrators can see and change the message templates.</Text>
      </Stack>
    );
  }
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Loading />;
  const items = list.data.items;
  const current = items.find((i) => i.kind === selected);
  return (
    <Stack gap="lg">
      <Title order={1}>Message templates</Title>
      <Text>
        Every email and text message the organization sends, with the built-in default until you save your own. Templates are Liquid; dates are written with{' '}
        <Code>{'{{ expiresAt | localdate }}'}</Code> (or <Code>{"| localdate: 'date'"}</Code>) in the message's locale.
      </Text>
      <Table.ScrollContainer minWidth={600}>
        <Table striped highlightOnHover aria-label="Message kinds">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Message</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Layout</Table.Th>
              <Table.Th>Required fields</Table.Th>
              <Table.Th>Customized</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.kind} aria-selected={i.kind === selected}>
                <Table.Td>
                  <UnstyledButton onClick={() => setSelected(i.kind)} aria-label={`Edit ${i.kind}`} style={{ textDecoration: 'underline' }}>
                    {i.kind}
                  </UnstyledButton>
                  <Text size="xs" c="dimmed">
                    {i.description}
                  </Text>
                </Table.Td>
                <Table.Td>{i.channel === 'sms' ? 'SMS' : 'Email'}</Table.Td>
                <Table.Td>
                  <Code>{i.layoutName}</Code>
                </Table.Td>
                <Table.Td>{i.requiredFields.join(', ') || '—'}</Table.Td>
                <Table.Td>{i.customized ? `yes (${i.customizedLocales.join(', ')})` : 'no'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {current && <KindEditor key={current.kind} summary={current} />}
      <Layouts templates={items} />
      <List size="sm" c="dimmed">
        <List.Item>Legacy merge fields such as !PINCODE!, !USERNAME!, !PASSWORD!, !LINK! keep working in saved templates.</List.Item>
      </List>
    </Stack>
  );
}
