import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import { escapeHtml } from './templates';

/** One captured message, as the mailbox page and its JSON API show it. */
export interface CapturedMail {
  id: string;
  receivedAt: string;
  messageId: string | null;
  from: string;
  to: string[];
  cc: string[];
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
}

export interface DevMailboxOptions {
  smtpPort: number;
  httpPort: number;
  host?: string;
  /** Folder where messages are kept as .json (and raw .eml), so a restart keeps them; omit to keep them in memory. */
  storeDir?: string;
  /**
   * Test hook: recipients whose address matches get an SMTP error reply with
   * this code (e.g. 550 permanent, 451 temporary) instead of being accepted.
   */
  rejectRecipients?: Array<{ pattern: RegExp; code: number; message: string }>;
}

export interface RunningMailbox {
  smtpPort: number;
  url: string;
  messages(): CapturedMail[];
  clear(): void;
  stop(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

/**
 * A development SMTP server that accepts every message, keeps it, and lets a
 * person read it in a browser (Vietnamese UI) or a test read it as JSON.
 * It is a real SMTP peer: nodemailer talks to it exactly as to a production relay.
 */
export async function startDevMailbox(opts: DevMailboxOptions): Promise<RunningMailbox> {
  const host = opts.host ?? '127.0.0.1';
  const store: CapturedMail[] = [];
  if (opts.storeDir) {
    mkdirSync(opts.storeDir, { recursive: true });
    for (const f of readdirSync(opts.storeDir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      store.push(JSON.parse(readFileSync(join(opts.storeDir, f), 'utf8')) as CapturedMail);
    }
  }
  let counter = store.length;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onRcptTo(address, _session: SMTPServerSession, callback) {
      const rule = opts.rejectRecipients?.find((r) => r.pattern.test(address.address));
      if (rule) {
        const err = new Error(rule.message) as Error & { responseCode: number };
        err.responseCode = rule.code;
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            counter += 1;
            const id = `${Date.now()}-${String(counter).padStart(6, '0')}`;
            const headers: Record<string, string> = {};
            for (const [k, v] of parsed.headers) {
              headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
            }
            const mail: CapturedMail = {
              id,
              receivedAt: new Date().toISOString(),
              messageId: parsed.messageId ?? null,
              from: addresses(parsed.from).join(', '),
              to: addresses(parsed.to),
              cc: addresses(parsed.cc),
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              headers,
              attachments: parsed.attachments.map((a) => ({
                filename: a.filename ?? null,
                contentType: a.contentType,
                size: a.size,
              })),
            };
            store.push(mail);
            if (opts.storeDir) {
              writeFileSync(join(opts.storeDir, `${id}.eml`), raw);
              writeFileSync(join(opts.storeDir, `${id}.json`), JSON.stringify(mail));
            }
            callback();
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort, host, () => resolve());
  });

  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(body);
    };
    if (url.pathname === '/api/messages' && req.method === 'GET') {
      send(200, 'application/json', JSON.stringify(store));
      return;
    }
    if (url.pathname === '/api/messages' && req.method === 'DELETE') {
      store.length = 0;
      if (opts.storeDir) {
        rmSync(opts.storeDir, { recursive: true, force: true });
        mkdirSync(opts.storeDir, { recursive: true });
      }
      send(200, 'application/json', '{"deleted":true}');
      return;
    }
    const view = /^\/messages\/([\w-]+)$/.exec(url.pathname);
    if (view) {
      const mail = store.find((m) => m.id === view[1]);
      if (!mail) {
        send(404, 'text/html', '<p>Không tìm thấy thư / Message not found</p>');
        return;
      }
      const body = mail.html ?? `<pre>${escapeHtml(mail.text)}</pre>`;
      send(
        200,
        'text/html',
        `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title>` +
          `<p><a href="/">← Hộp thư</a></p><h1>${escapeHtml(mail.subject)}</h1>` +
          `<p><b>Từ:</b> ${escapeHtml(mail.from)}<br><b>Đến:</b> ${escapeHtml(mail.to.join(', '))}` +
          (mail.cc.length ? `<br><b>CC:</b> ${escapeHtml(mail.cc.join(', '))}` : '') +
          `<br><b>Nhận lúc:</b> ${escapeHtml(mail.receivedAt)}</p><hr>${body}</html>`,
      );
      return;
    }
    if (url.pathname === '/') {
      const rows = [...store]
        .reverse()
        .map(
          (m) =>
            `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
            `<td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`,
        )
        .join('');
      send(
        200,
        'text/html',
        `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Hộp thư thử nghiệm dondoc</title>` +
          `<h1>Hộp thư thử nghiệm (dev mailbox)</h1><p>${store.length} thư đã nhận / messages captured</p>` +
          `<table border="1" cellpadding="4"><thead><tr><th>Thời gian</th><th>Người nhận</th><th>Tiêu đề</th></tr></thead>` +
          `<tbody>${rows}</tbody></table></html>`,
      );
      return;
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.httpPort, host, () => resolve());
  });

  return {
    smtpPort: opts.smtpPort,
    url: `http://${host}:${opts.httpPort}`,
    messages: () => [...store],
    clear: () => {
      store.length = 0;
    },
    stop: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
