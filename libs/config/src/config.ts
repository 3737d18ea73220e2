import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

/** Typed configuration, one section per concern, validated at boot. */
const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('dondoc'),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(1025),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('"Sở TT&TT Thanh Hóa (dondoc)" <dondoc@thanhhoa.example>'),
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'),
  LINK_SECRET: z.string().min(16, 'must be at least 16 characters').default('dev-only-link-secret-change-me'),
  LINK_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  API_PORT: port.default(3000),
  AUTH_JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default('dev-only-jwt-secret-change-me-0123456789'),
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  URGING_LETTER_SYMBOL: z.string().min(1).default('STTTT-ĐĐ'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  REMINDER_LOCAL_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm')
    .default('08:00'),
});

export interface AppConfig {
  database: { url: string };
  temporal: { address: string; namespace: string; taskQueue: string };
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string; from: string };
  links: { publicUrl: string; secret: string; ttlDays: number };
  api: { port: number; host: string };
  reminders: { localTime: string };
  auth: { jwtSecret: string; tokenTtlSeconds: number };
  /** Number suffix of formal urging letters, e.g. "15/STTTT-ĐĐ". */
  letters: { symbol: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    database: { url: c.DATABASE_URL },
    temporal: { address: c.TEMPORAL_ADDRESS, namespace: c.TEMPORAL_NAMESPACE, taskQueue: c.TEMPORAL_TASK_QUEUE },
    smtp: {
      host: c.SMTP_HOST,
      port: c.SMTP_PORT,
      secure: c.SMTP_SECURE,
      user: c.SMTP_USER,
      password: c.SMTP_PASSWORD,
      from: c.MAIL_FROM,
    },
    links: { publicUrl: c.PUBLIC_URL.replace(/\/$/, ''), secret: c.LINK_SECRET, ttlDays: c.LINK_TTL_DAYS },
    api: { port: c.API_PORT, host: c.API_HOST },
    reminders: { localTime: c.REMINDER_LOCAL_TIME },
    letters: { symbol: c.URGING_LETTER_SYMBOL },
    auth: { jwtSecret: c.AUTH_JWT_SECRET, tokenTtlSeconds: c.AUTH_TOKEN_TTL_SECONDS },
  };
}
