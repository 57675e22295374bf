// Quote of the day: a plain http server, no framework.
const http = require('http');

const quotes = ['Make it work, make it right, make it fast.', 'Simplicity is prerequisite for reliability.'];
const port = Number(process.env.PORT || 3000);

http.createServer((req, res) => {
  if (req.url === '/quote') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ quote: quotes[new Date().getDate() % quotes.length], source: 'qotd' }));
    return;
  }
  res.writeHead(404);
  res.end('not found\n');
}).listen(port, () => console.log(`qotd listening on ${port}`));
