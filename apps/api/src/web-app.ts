import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Injectable, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { projectRoot } from '../../../libs/devstack/src/project-root';
import { escapeHtml } from '../../../libs/mail/src/templates';
import { Public } from './auth/access.decorator';

/** Where `vite build` puts the web app (dashboard + agency page). */
export const WEB_DIST = join(projectRoot(__dirname), 'apps', 'web', 'dist');

/** The built web app's entry page, read once; a clear page instead when the app was not built. */
@Injectable()
export class WebApp {
  private html: string | null = null;

  indexHtml(): string {
    if (this.html) {
      return this.html;
    }
    const file = join(WEB_DIST, 'index.html');
    if (!existsSync(file)) {
      return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>dondoc</title></head><body><main>' +
        '<h1>dondoc</h1><p>Giao diện web chưa được biên dịch: chạy <code>npm run build</code>. / ' +
        `The web app is not built: run <code>npm run build</code>.</p><p><small>${escapeHtml(WEB_DIST)}</small></p>` +
        '</main></body></html>'
      );
    }
    this.html = readFileSync(file, 'utf8');
    return this.html;
  }

  /** The built app's stylesheet tags, for pages the server renders itself; '' when the app is not built. */
  stylesheets(): string {
    return [...this.indexHtml().matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)].map((m) => m[0]).join('');
  }

  send(res: Response): void {
    res.status(200).type('html').send(this.indexHtml());
  }
}

/** Serves the dashboard's entry page at "/" (its pages are addressed by the URL hash). */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  constructor(private readonly web: WebApp) {}

  @Get()
  @Header('Cache-Control', 'no-cache')
  index(@Res() res: Response): void {
    this.web.send(res);
  }
}
