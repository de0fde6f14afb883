/**
 * A static server on 127.0.0.1 for test pages (tests/pages) and, where it exists, the shared
 * corpus of real news pages (/corpus/…). It logs every request so tests can prove that the
 * extension fetched nothing.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PAGES_DIR = path.resolve(HERE, '../pages');
export const CORPUS_DIR = path.resolve(HERE, '../../../shared/corpus');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
};

export interface TestServer {
  origin: string;
  url: (p: string) => string;
  requests: string[];
  close: () => Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    if (url.pathname === '/favicon.ico') {
      // No icon, and no 404 in the page's console either.
      res.writeHead(204).end();
      return;
    }
    // /corpus/… serves ../shared/corpus (and its dev/ folder); anything else, tests/pages.
    const inCorpus = url.pathname.startsWith('/corpus/');
    const dir = inCorpus ? CORPUS_DIR : PAGES_DIR;
    const file = path.join(dir, path.normalize(url.pathname.slice(inCorpus ? '/corpus/'.length : 1)).replace(/^([/\\])+/, ''));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const headers: Record<string, string> = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
      const csp = url.searchParams.get('csp');
      if (csp) headers['content-security-policy'] = csp;
      res.writeHead(200, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p) => origin + (p.startsWith('/') ? p : '/' + p),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
