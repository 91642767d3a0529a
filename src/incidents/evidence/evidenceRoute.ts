import type restify from 'restify';
import { errorKind, type Logger } from '../../logger';
import type { EvidenceService } from './evidenceService';

const GONE_PAGE =
  '<!doctype html><html lang="nl"><meta charset="utf-8"><title>Baken</title><p>Deze link werkt niet (meer). Een link werkt één keer en 5 minuten lang. Vraag in Baken een nieuwe link.</p></html>';

/**
 * GET /evidence/:token: serves a screenshot through a one-time link (first use within five minutes only), never
 * cached, never sniffed as another type by the browser, never sent on as a referrer.
 */
export function evidenceRoute(evidence: EvidenceService, logger: Logger): (server: restify.Server) => void {
  return (server) => {
    server.get('/evidence/:token', async (req, res) => {
      const token = String((req.params as { token?: unknown }).token ?? '');
      const common = {
        'cache-control': 'no-store, private',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      };
      try {
        const read = await evidence.redeemLink(token);
        if (!read.ok) {
          res.writeHead(404, { ...common, 'content-type': 'text/html; charset=utf-8' });
          res.end(GONE_PAGE);
          return;
        }
        const extension = read.ref.contentType.split('/')[1] ?? 'img';
        res.writeHead(200, {
          ...common,
          'content-type': read.ref.contentType,
          'content-length': String(read.bytes.length),
          'content-disposition': `inline; filename="screenshot-${read.ref.id}.${extension}"`,
          'content-security-policy': "default-src 'none'",
        });
        res.end(read.bytes);
      } catch (err) {
        logger.error('evidence_link_failed', { error: errorKind(err) });
        if (!res.headersSent) {
          res.writeHead(503, { ...common, 'content-type': 'text/plain; charset=utf-8' });
          res.end('Ik kan de screenshot nu niet ophalen. Probeer het zo opnieuw.');
        }
      }
    });
  };
}
