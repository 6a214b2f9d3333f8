// First-page JavaScript: the entry chunk and the modules it imports statically (what the
// browser must load before Home appears), raw and gzip. Heavy model libraries must not be in it.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

export function firstLoadSize(dist = process.env.E2E_DIST ?? 'dist') {
  const manifestPath = join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`No ${manifestPath}: build first (vite build writes it).`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
  };
  visit(entry);
  const files = [...seen].map((key) => manifest[key].file).filter((f) => f.endsWith('.js'));
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, raw, gzip };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, raw, gzip } = firstLoadSize(process.argv[2]);
  console.log(
    `First page JavaScript: ${(gzip / 1024).toFixed(1)} KB gzip (${(raw / 1024).toFixed(1)} KB raw) in ${files.length} file(s): ${files.join(', ')}`,
  );
  console.log(`Budget: 50 KB gzip — ${gzip <= 50 * 1024 ? 'within budget' : 'OVER BUDGET'}`);
}
