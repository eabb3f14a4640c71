// The baseline of bench/auth-requests.mjs: a Fastify app with one GET route returning
// {ok:true}, in its own process, listening on 127.0.0.1 on a free port.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/ok', async () => ({ ok: true }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`bare fastify listening at ${address}\n`);
const stop = () => app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
