// Summarises a V8 .cpuprofile (from node --cpu-prof): the top functions by self time and
// self time grouped by where the code lives (project source, each dependency, Node itself).
// Usage: node bench/profile-summary.mjs /tmp/prof/CPU.*.cpuprofile [top=25]
import { readFileSync } from 'node:fs';

export function summarise(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fn = new Map();
  const area = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame: f } = byId.get(id);
    const where = f.url ? `${f.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, 'node_modules/').replace(/^.*\/(dist|src)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + us);
    const group = !f.url
      ? f.functionName.startsWith('(') ? f.functionName : '(native)'
      : f.url.includes('node_modules/')
        ? `node_modules/${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)[1]}`
        : f.url.startsWith('node:')
          ? 'node: (core)'
          : f.url.includes('/dist/')
            ? 'latchkey dist/'
            : f.url;
    area.set(group, (area.get(group) ?? 0) + us);
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
  const lines = [`profile: ${file}`, `sampled time: ${(total / 1e6).toFixed(1)} s`, '', 'self time by area:'];
  for (const [k, us] of [...area].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2).filter((a) => !/^\d+$/.test(a))) {
    console.log(summarise(file, Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 25)));
    console.log();
  }
}
