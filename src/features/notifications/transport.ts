/** The delivery interface every transport (SMTP, SMS providers, the outbox sink) implements. */
export interface OutgoingMessage {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  text_body: string;
  html_body: string | null;
}

/** One way of delivering messages. Throwing means "try again later". */
export interface Transport {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}
