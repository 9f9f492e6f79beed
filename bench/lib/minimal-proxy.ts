/**
 * For the proxy benchmark's reference figure: the least a Node reverse proxy does (Node's `http`
 * server, a kept-alive `http` client, bodies piped), with no routing, authentication or header
 * rewriting. `minimal-proxy.ts <listen port> <target port>`, both on 127.0.0.1; prints `ready`.
 */
import http from 'node:http'

const [listen, target] = process.argv.slice(2).map(Number)
if (!listen || !target) throw new Error('usage: minimal-proxy.ts <listen port> <target port>')
const agent = new http.Agent({ keepAlive: true })
http
  .createServer((request, response) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target,
        path: request.url,
        method: request.method,
        headers: request.headers,
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    upstream.on('error', () => response.destroy())
    request.pipe(upstream)
  })
  .listen(listen, '127.0.0.1', () => console.log('ready'))
