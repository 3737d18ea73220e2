/**
 * `npm run build && node dist/scripts/bench/smtp-sessions.js [messages=300]`
 *
 * What an SMTP session costs per email: the product's MailSender sends the same emails to the
 * benchmark's SMTP peer (in this process) with a session per email (SMTP_POOL_SIZE=0) and with
 * kept sessions (5), one after another. Prints elapsed ms and CPU ms per email (both ends of the
 * session are in this process) and the machine's load average.
 */
import { loadavg } from 'node:os';
import { freePort } from '../../libs/devstack/src';
import { MailSender, type OutgoingMail } from '../../libs/mail/src/mail-sender';
import { startCaptureSmtp } from './capture-smtp';

const mail = (i: number): OutgoingMail => ({
  from: '"dondoc" <dondoc@thanhhoa.example>',
  to: [`dau-moi-${i}@xa.bench.example`],
  cc: ['lanh-dao@xa.bench.example'],
  subject: `Giao nhiệm vụ ${i}`,
  text: 'Nội dung nhiệm vụ. '.repeat(60),
  html: `<p>${'Nội dung nhiệm vụ. '.repeat(60)}</p>`,
  messageId: `<${i}@bench.dondoc.example>`,
});

async function measure(poolSize: number, port: number, n: number) {
  const sender = new MailSender({ host: '127.0.0.1', port, secure: false, poolSize });
  for (let i = 0; i < 20; i++) {
    await sender.send(mail(i)); // warm-up
  }
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    await sender.send(mail(i));
  }
  const used = process.cpuUsage(cpu);
  sender.close();
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    poolSize,
    elapsedMsPerEmail: round(Number(process.hrtime.bigint() - t) / 1e6 / n),
    cpuMsPerEmail: round((used.user + used.system) / 1000 / n),
  };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 300);
  const smtp = await startCaptureSmtp(await freePort());
  try {
    const load = loadavg().map((l) => Math.round(l * 100) / 100);
    const single = await measure(0, smtp.port, n);
    const pooled = await measure(5, smtp.port, n);
    process.stdout.write(`${JSON.stringify({ emails: n, loadAverage: load, single, pooled })}\n`);
  } finally {
    await smtp.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
