// A real SMTP server for the browser tests: the app sends its letters here over SMTP
// (RURALRISE_SMTP_URL), and tests read what arrived over HTTP, then follow the links in them.
//   GET /letters?to=ADDRESS  -> [{ to, subject, text, html, language }] oldest first
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import http from 'node:http';

const SMTP_PORT = Number(process.env.SMTP_PORT ?? 2525);
const HTTP_PORT = Number(process.env.HTTP_PORT ?? 3125);
const letters = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  banner: 'RuralRise test mail catcher',
  onData(stream, _session, done) {
    simpleParser(stream).then(
      (mail) => {
        letters.push({
          to: mail.to?.text ?? '',
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          html: typeof mail.html === 'string' ? mail.html : '',
          language: /<html lang="([a-z]+)"/.exec(mail.html || '')?.[1] ?? '',
        });
        done();
      },
      (err) => done(err),
    );
  },
});
smtp.listen(SMTP_PORT, '127.0.0.1');

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/letters') {
      const to = (url.searchParams.get('to') ?? '').toLowerCase();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(letters.filter((l) => l.to.toLowerCase().includes(to))));
      return;
    }
    res.statusCode = url.pathname === '/healthz' ? 200 : 404;
    res.end(url.pathname === '/healthz' ? 'ok' : 'not found');
  })
  .listen(HTTP_PORT, '127.0.0.1');
