// A Node integration that keeps https://app.robaws.com and only sets a proxy and a trusted CA
// (NODE_EXTRA_CA_CERTS): the CONNECT is made by hand with the core http module, then the plain
// https module speaks TLS through the tunnel. Prints the status and the body's first client name.
// Usage: NODE_EXTRA_CA_CERTS=ca.pem node https_via_proxy.js <proxy-url> <https-url> <user> <password>
'use strict';
const http = require('http');
const https = require('https');
const tls = require('tls');

const [proxyUrl, target, user, password] = process.argv.slice(2);
const proxy = new URL(proxyUrl);
const url = new URL(target);

const connect = http.request({
  host: proxy.hostname,
  port: proxy.port,
  method: 'CONNECT',
  path: `${url.hostname}:${url.port || 443}`,
  headers: { Host: `${url.hostname}:${url.port || 443}` },
});
connect.on('connect', (answer, socket) => {
  if (answer.statusCode !== 200) {
    console.log(JSON.stringify({ connect: answer.statusCode }));
    process.exit(1);
  }
  const request = https.request(
    {
      host: url.hostname,
      path: url.pathname + url.search,
      auth: `${user}:${password}`,
      createConnection: () => tls.connect({ socket, servername: url.hostname }),
    },
    (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        console.log(JSON.stringify({ status: response.statusCode, first: JSON.parse(body).items[0].name }));
        socket.destroy();
      });
    },
  );
  request.on('error', (error) => {
    console.log(JSON.stringify({ error: String(error) }));
    process.exit(1);
  });
  request.end();
});
connect.on('error', (error) => {
  console.log(JSON.stringify({ error: String(error) }));
  process.exit(1);
});
connect.end();
