import { SMTPServer } from 'smtp-server';
import { MailDeliveryError, MailSender, type OutgoingMail } from './mail-sender';

/** A real SMTP server in this process: counts sessions and messages; the n-th message's data can be refused. */
async function server(opts: { socketTimeout?: number; refuseData?: (n: number) => boolean } = {}) {
  const state = { sessions: 0, messages: [] as string[], data: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    socketTimeout: opts.socketTimeout ?? 60_000,
    onConnect(_session, callback) {
      state.sessions += 1;
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const n = state.data++;
        if (opts.refuseData?.(n)) {
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        state.messages.push(/^Message-ID: (.+)$/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1].trim() ?? '');
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as { port: number }).port;
  return { state, port, stop: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

const mail = (i: number): OutgoingMail => ({
  from: '"dondoc" <dondoc@thanhhoa.example>',
  to: [`dau-moi-${i}@xa.example`],
  cc: [],
  subject: `Nhắc việc ${i}`,
  text: 'Nội dung',
  html: '<p>Nội dung</p>',
  messageId: `<m${i}@dondoc.test>`,
});

describe('MailSender session pool (real SMTP server)', () => {
  const stops: Array<() => Promise<void>> = [];
  const senders: MailSender[] = [];
  const senderFor = (port: number, poolSize: number) => {
    const s = new MailSender({ host: '127.0.0.1', port, secure: false, poolSize });
    senders.push(s);
    return s;
  };
  afterEach(async () => {
    senders.splice(0).forEach((s) => s.close());
    for (const stop of stops.splice(0)) {
      await stop();
    }
  });

  it('sends one message after another over one kept session', async () => {
    const smtp = await server();
    stops.push(smtp.stop);
    const sender = senderFor(smtp.port, 2);
    for (let i = 0; i < 5; i++) {
      const receipt = await sender.send(mail(i));
      expect(receipt.accepted).toEqual([`dau-moi-${i}@xa.example`]);
    }
    expect(smtp.state.sessions).toBe(1);
    expect(smtp.state.messages).toEqual([0, 1, 2, 3, 4].map((i) => `<m${i}@dondoc.test>`));
  });

  it('with a pool of 0, opens one session per message', async () => {
    const smtp = await server();
    stops.push(smtp.stop);
    const sender = senderFor(smtp.port, 0);
    for (let i = 0; i < 3; i++) {
      await sender.send(mail(i));
    }
    expect(smtp.state.sessions).toBe(3);
    expect(smtp.state.messages).toHaveLength(3);
  });

  it('keeps no more sessions than the pool size when messages go out at once', async () => {
    const smtp = await server();
    stops.push(smtp.stop);
    const sender = senderFor(smtp.port, 2);
    await Promise.all([0, 1, 2, 3].map((i) => sender.send(mail(i))));
    const opened = smtp.state.sessions;
    expect(opened).toBeGreaterThanOrEqual(1);
    await Promise.all([4, 5].map((i) => sender.send(mail(i))));
    // The next two reuse the (at most two) kept sessions: no new session.
    expect(smtp.state.sessions).toBe(opened);
    expect(new Set(smtp.state.messages).size).toBe(6);
  });

  it('a kept session the relay closed while idle is not used: the next message goes once over a new one', async () => {
    const smtp = await server({ socketTimeout: 300 });
    stops.push(smtp.stop);
    const sender = senderFor(smtp.port, 2);
    await sender.send(mail(0));
    // The relay times the idle session out and closes it.
    await new Promise((r) => setTimeout(r, 1_000));
    let hooks = 0;
    await sender.send(mail(1), {
      beforeData: () => {
        hooks += 1;
        return Promise.resolve();
      },
    });
    expect(hooks).toBe(1);
    expect(smtp.state.sessions).toBe(2);
    expect(smtp.state.messages).toEqual(['<m0@dondoc.test>', '<m1@dondoc.test>']);
  });

  it('never reuses a session after a failure; the failure keeps its class (4xx after the data: temporary)', async () => {
    const smtp = await server({ refuseData: (n) => n === 1 });
    stops.push(smtp.stop);
    const sender = senderFor(smtp.port, 2);
    await sender.send(mail(0));
    const error = await sender.send(mail(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).permanent).toBe(false);
    expect((error as MailDeliveryError).smtpCode).toBe(451);
    expect((error as MailDeliveryError).afterData).toBe(true);
    await sender.send(mail(2));
    expect(smtp.state.sessions).toBe(2);
    expect(smtp.state.messages).toEqual(['<m0@dondoc.test>', '<m2@dondoc.test>']);
  });

  it('a relay that is down: a temporary failure before any data', async () => {
    const smtp = await server();
    const port = smtp.port;
    await smtp.stop();
    const error = await senderFor(port, 2)
      .send(mail(0))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).permanent).toBe(false);
    expect((error as MailDeliveryError).afterData).toBe(false);
  });
});
