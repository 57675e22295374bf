// Status board: shows which services are up (fixed here; real code polls).
const http = require('http');

const services = { api: 'up', worker: 'up', mailer: 'degraded' };

http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(Object.entries(services).map(([k, v]) => `${k}: ${v}`).join('\n') + '\nstatus-board ok\n');
}).listen(8080, () => console.log('status-board on 8080'));
