import { createServer, type IncomingMessage } from 'node:http';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A local HTTP server that records requests: stands in for an SMS provider (a webhook
 * receiver or a Twilio-compatible Messages API). `status` sets what it answers.
 */
export async function startReceiver(status = 201) {
  const received: Received[] = [];
  let answer = status;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `SM${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith(code: number) {
      answer = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
