import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { organizationsWithAccounts, RESOURCE_TYPES, scanOrganization, type ResourceType, type ScanSummary } from '../scan/index.js';
import { withServices } from './shared.js';

const csv = (what: string, check: (v: string) => boolean) => (v: string, prev: string[] = []) => {
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.find((i) => !check(i));
  if (bad) throw new InvalidArgumentError(`${bad} is not ${what}`);
  return [...prev, ...items];
};

export function formatSummary(s: ScanSummary): string {
  const lines = [
    `scan ${s.runId} (${s.mode}) ${s.status} in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  found ${s.found}, new ${s.new}, changed ${s.changed}, gone ${s.gone}, slices ${s.slices}, failed slices ${s.failedSlices.length}`,
  ];
  if (s.failedRegions.length) lines.push(`  failed (inventory kept, marked stale): ${s.failedRegions.join(', ')}`);
  for (const f of s.failedSlices.slice(0, 20)) lines.push(`    ${f.accountId}/${f.region}/${f.type}: ${f.error}`);
  if (s.failedSlices.length > 20) lines.push(`    … ${s.failedSlices.length - 20} more`);
  for (const u of s.utilizationErrors) lines.push(`  utilization: ${u}`);
  return lines.join('\n');
}

/** `costwatch scan [--org] [--mode] [--account] [--region] [--type]` with a progress bar and a summary. */
export function registerScanCommands(program: Command): void {
  program
    .command('scan')
    .description('scan AWS resources of the registered accounts (every opted-in region) into the inventory')
    .addOption(new Option('--mode <mode>', 'full | incremental | critical').choices(['full', 'incremental', 'critical']).default('full'))
    .option('--org <id>', 'organization id (default: every organization with registered accounts)', (v: string) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) throw new InvalidArgumentError(`${v} is not an organization id (UUID)`);
      return v;
    })
    .option('--account <ids>', 'only these 12-digit account ids (comma-separated, repeatable)', csv('a 12-digit account id', (v) => /^\d{12}$/.test(v)))
    .option('--region <names>', 'only these regions (comma-separated, repeatable)', csv('an AWS region name', (v) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(v)))
    .option('--type <types>', `only these resource types: ${RESOURCE_TYPES.join(', ')}`, csv('a resource type', (v) => (RESOURCE_TYPES as readonly string[]).includes(v)))
    .option('--no-utilization', 'skip CloudWatch utilization (full scans collect it by default)')
    .action((opts: { mode: 'full' | 'incremental' | 'critical'; org?: string; account?: string[]; region?: string[]; type?: string[]; utilization: boolean }) =>
      withServices(async (s) => {
        const orgs = opts.org ? [opts.org] : await organizationsWithAccounts(s.db);
        if (!orgs.length) {
          console.log('no organization has AWS accounts registered: nothing to scan');
          return;
        }
        let failed = false;
        for (const org of orgs) {
          const bar = new SingleBar({ format: `${org.slice(0, 8)} [{bar}] {value}/{total} slices | {slice}`, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
          let started = false;
          const summary = await scanOrganization({ db: s.db, config: s.config.scan, log: s.logger }, org, {
            mode: opts.mode,
            trigger: 'cli',
            accounts: opts.account,
            regions: opts.region,
            types: opts.type as ResourceType[] | undefined,
            utilization: opts.utilization,
            onProgress: (p) => {
              if (!started) bar.start(p.total, 0, { slice: '' });
              started = true;
              bar.update(p.done, { slice: `${p.ok ? '' : 'FAILED '}${p.slice}` });
            },
          });
          if (started) bar.stop();
          console.log(formatSummary(summary));
          failed ||= summary.failedSlices.length > 0;
        }
        if (failed) process.exitCode = 1;
      }),
    );
}
