/**
 * `node dist/scripts/bench/profile-summary.js <file.cpuprofile> [--top=25]`
 *
 * Where a V8 CPU profile (from `CPU_PROFILE_DIR`, see libs/devstack/src/cpu-profile.ts) spent its
 * time: self time per package (a `node_modules` package, Node's own code, the project's files by
 * folder, garbage collection, idle) and per function, in milliseconds and per cent of the busy
 * (non-idle) time. A benchmark figure, not a test.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The package or place a script URL belongs to. */
function placeOf(url: string, functionName: string): string {
  if (!url) {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    return modules[1];
  }
  if (url.startsWith('node:')) {
    return 'node';
  }
  const project = /\/(apps\/[^/]+|libs\/[^/]+|workflows|scripts)\//.exec(url);
  return project ? project[1] : url;
}

function main(): void {
  const file = process.argv[2];
  if (!file) {
    throw new Error('usage: profile-summary <file.cpuprofile> [--top=25]');
  }
  const top = Number(process.argv.find((a) => a.startsWith('--top='))?.split('=')[1] ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, micros] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += micros;
      continue;
    }
    busy += micros;
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + micros);
    const fn = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  const ms = (micros: number): string => (micros / 1000).toFixed(0).padStart(8);
  const pct = (micros: number): string => `${((100 * micros) / Math.max(1, busy)).toFixed(1).padStart(5)} %`;
  const wall = (profile.endTime - profile.startTime) / 1000;
  console.log(
    `${file}: ${(wall / 1000).toFixed(1)} s profiled, busy ${ms(busy).trim()} ms, idle ${ms(idle).trim()} ms`,
  );
  console.log('\nself time by package or place:');
  for (const [place, micros] of [...places].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms(micros)} ms ${pct(micros)}  ${place}`);
  }
  console.log('\nself time by function:');
  for (const [fn, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms(micros)} ms ${pct(micros)}  ${fn}`);
  }
}

main();
