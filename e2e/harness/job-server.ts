import type { Page } from 'playwright-core'

/**
 * The job the access journeys rent: it writes `outputs/result.txt` ("result 42"), serves HTTP on
 * 127.0.0.1:`port` inside its sandbox with Node (the host's /usr/bin/node, which the sandbox sees
 * read-only) — a page at `/`, and at `/stream` five lines written 400 ms apart with no length, so
 * they go out chunked — and then stays up.
 */
export function jobServerScript(port: number): string {
  const server = [
    'require("http").createServer((req, res) => {',
    '  if (req.url === "/stream") {',
    '    res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" })',
    '    let n = 0',
    '    const tick = setInterval(() => {',
    '      n += 1',
    '      res.write("tick " + n + "\\n")',
    '      if (n === 5) { clearInterval(tick); res.end() }',
    '    }, 400)',
    '    return',
    '  }',
    '  res.writeHead(200, { "content-type": "text/html; charset=utf-8" })',
    '  res.end("<!doctype html><title>job server</title><h1>served from the job</h1>")',
    `}).listen(${port}, "127.0.0.1")`,
  ].join('\n')
  return [
    'mkdir -p outputs',
    'echo "result $((6*7))" > outputs/result.txt',
    `node -e '${server}' &`,
    'echo serving',
    'wait',
  ].join('\n')
}

export type StreamRead = {
  status: number
  contentLength: string | null
  text: string
  /** Each piece the page's reader got, with when (ms after the response's headers). */
  pieces: { atMs: number; text: string }[]
}

/** Fetches `path` from the page (its origin, its cookies) and reads the body as it arrives. */
export function readStreamInPage(page: Page, path: string): Promise<StreamRead> {
  return page.evaluate(async (relative) => {
    const response = await fetch(relative, { cache: 'no-store' })
    const start = performance.now()
    const reader = response.body?.getReader()
    const decoder = new TextDecoder()
    const pieces: { atMs: number; text: string }[] = []
    for (;;) {
      const next = await reader?.read()
      if (!next || next.done) break
      pieces.push({ atMs: Math.round(performance.now() - start), text: decoder.decode(next.value) })
    }
    return {
      status: response.status,
      contentLength: response.headers.get('content-length'),
      text: pieces.map((p) => p.text).join(''),
      pieces,
    }
  }, path)
}
