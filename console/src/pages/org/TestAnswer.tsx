import { Alert, Code, Stack, Text } from '@mantine/core';
import type { operations } from '../../api-schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type EmailSettings = Json<operations['organizations.smtp.get']['responses'][200]>;
export type EmailPatch = Json<operations['organizations.smtp.update']['requestBody']>;
export type EmailTestResult = Json<operations['organizations.smtp.test']['responses'][200]>;
export type SmsSettings = Json<operations['organizations.sms.get']['responses'][200]>;
export type SmsPatch = Json<operations['organizations.sms.update']['requestBody']>;
export type SmsTestResult = Json<operations['organizations.sms.test']['responses'][200]>;

/** What the server or provider answered a test send, shown as said (its own words in code). */
export function TestAnswer({ result, testId }: { result: { delivered: boolean; message: string; answer: string | null }; testId: string }) {
  return (
    <Alert role="status" color={result.delivered ? 'green' : 'red'} variant="light" title={result.delivered ? 'Test message accepted' : 'Test message not delivered'} data-testid={testId}>
      <Stack gap={4}>
        <Text size="sm">{result.message}</Text>
        {result.answer && (
          <Text size="sm">
            Answer: <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{result.answer}</Code>
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
