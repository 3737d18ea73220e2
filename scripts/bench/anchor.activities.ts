import { Pool } from 'pg';
import { MailSender, type SmtpSettings } from '../../libs/mail/src/mail-sender';

export interface AnchorActivities {
  anchorInsert(key: string): Promise<void>;
  anchorSend(item: { key: string; to: string }): Promise<void>;
}

/** Table the pipeline anchor writes to (one row per item), created by the benchmark. */
export const ANCHOR_TABLE = 'bench_anchor_items';

/** The anchor's activities: one idempotent row insert, one mail through the product's own SMTP sender. */
export function anchorActivities(
  databaseUrl: string,
  smtp: SmtpSettings,
): AnchorActivities & { close(): Promise<void> } {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection closed by a stopping PostgreSQL (Ctrl-C) is dropped; the next query opens another.
  pool.on('error', () => undefined);
  const sender = new MailSender(smtp);
  return {
    async anchorInsert(key) {
      await pool.query(`INSERT INTO ${ANCHOR_TABLE} (key) VALUES ($1) ON CONFLICT (key) DO NOTHING`, [key]);
    },
    async anchorSend(item) {
      await sender.send({
        from: 'bench@dondoc.example',
        to: [item.to],
        cc: [],
        subject: `Anchor ${item.key}`,
        text: `Anchor item ${item.key}`,
        html: `<p>Anchor item ${item.key}</p>`,
        messageId: `<${item.key}@bench.dondoc.example>`,
      });
    },
    async close() {
      sender.close();
      await pool.end();
    },
  };
}
