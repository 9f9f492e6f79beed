/**
 * For the proxy benchmark's second reference figure: nginx (one worker, kept-alive connections to
 * the server, no logging), the reverse proxy written in C that most deployments put in front of a
 * server, started in the job's network namespace beside it. Absent nginx, the figure is skipped
 * with the command that installs it.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export const NGINX = '/usr/sbin/nginx'
export const NGINX_MISSING = `nginx is not installed (Debian: apt-get install -y nginx-light)`

/** nginx listening on 127.0.0.1:`listen` in network namespace `netns`, proxying to 127.0.0.1:`target`. */
export async function startNginxProxy(netns: string, listen: number, target: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-bench-nginx-'))
  const conf = path.join(dir, 'nginx.conf')
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  upstream job { server 127.0.0.1:${target}; keepalive 32; }
  server {
    listen 127.0.0.1:${listen};
    location / { proxy_pass http://job; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  )
  const child = spawn('nsenter', [`--net=${netns}`, '--', NGINX, '-c', conf], { stdio: 'ignore' })
  let exited: number | null = null
  child.once('exit', (code) => {
    exited = code ?? 1
  })
  const stop = () => {
    child.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
  // Ready once its pid file is written (it listens before writing it).
  for (let tries = 0; !existsSync(`${dir}/nginx.pid`); tries++) {
    if (exited !== null || tries > 100) {
      stop()
      throw new Error(`nginx did not start (exit ${exited}); see ${dir}/error.log`)
    }
    await sleep(50)
  }
  return { stop }
}
