// Writes the configuration reference generated from the config schema into docs/config.md
// and into the README section between the config markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigDoc, renderConfigTable } from '../dist/config/index.js';

writeFileSync('docs/config.md', renderConfigDoc());
const readme = readFileSync('README.md', 'utf8');
const updated = readme.replace(/(<!-- config:start -->\n)[\s\S]*?(<!-- config:end -->)/, `$1${renderConfigTable()}$2`);
writeFileSync('README.md', updated);
