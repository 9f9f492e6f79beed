'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { formatMoment } from '@/lib/format/moment'
import { listOutputs, outputDownloadUrl, uploadFile } from '@/lib/rentals/agent-access'
import { AgentAccessError, accessProblem } from '@/lib/rentals/agent-access-errors'
import { secondaryButton } from '@/lib/ui/button-styles'

/** Tries at listing the kept outputs while the ended job is still stopping, a second apart. */
const KEPT_RETRIES = 20

type OutputFilesProps = { endpoint: string; id: string; token: string; running: boolean }

function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

/** The workspace's `outputs/` folder with download links, and uploads into the workspace while it runs. */
export function OutputFiles({ endpoint, id, token, running }: OutputFilesProps) {
  const [folder, setFolder] = useState('')
  const listing = useQuery({
    // Listed again when the rental ends: from then on the agent answers from the kept outputs.
    queryKey: ['rental-outputs', endpoint, id, token, folder, running],
    queryFn: () => listOutputs(endpoint, id, token, folder),
    // Right after the end the job may still be stopping (409) for up to its grace period.
    retry: (failures, error) =>
      !running && error instanceof AgentAccessError && error.kind === 'ended' && failures < KEPT_RETRIES,
    retryDelay: 1000,
  })
  const up = folder.split('/').slice(0, -1).join('/')
  return (
    <div className="flex flex-col gap-3 text-sm">
      <div className="flex items-center gap-2">
        <span className="font-mono">outputs/{folder === '' ? '' : `${folder}/`}</span>
        {folder !== '' ? (
          <button type="button" className={secondaryButton} onClick={() => setFolder(up)}>
            Up
          </button>
        ) : null}
        <button type="button" className={secondaryButton} onClick={() => void listing.refetch()}>
          Refresh
        </button>
      </div>
      {listing.isPending ? (
        <p className="text-muted">Listing outputs…</p>
      ) : listing.error ? (
        <p role="alert">{accessProblem(listing.error)}</p>
      ) : listing.data.entries.length === 0 ? (
        <p className="text-muted">Nothing here yet: the job writes its results to /workspace/outputs.</p>
      ) : (
        <table className="w-full text-left">
          <thead className="text-xs text-muted">
            <tr>
              <th className="py-1 font-medium">Name</th>
              <th className="py-1 font-medium">Size</th>
              <th className="py-1 font-medium">Modified</th>
            </tr>
          </thead>
          <tbody>
            {listing.data.entries.map((entry) => {
              const path = folder === '' ? entry.name : `${folder}/${entry.name}`
              return (
                <tr key={entry.name} className="border-t border-line">
                  <td className="py-1 font-mono break-all">
                    {entry.dir ? (
                      <button type="button" className="underline" onClick={() => setFolder(path)}>
                        {entry.name}/
                      </button>
                    ) : (
                      <a className="underline" href={outputDownloadUrl(endpoint, id, path, token)} download>
                        {entry.name}
                      </a>
                    )}
                  </td>
                  <td className="py-1">{entry.dir ? '—' : formatSize(entry.size)}</td>
                  <td className="py-1">{formatMoment(entry.mtime * 1000)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {running ? <Upload endpoint={endpoint} id={id} token={token} /> : null}
    </div>
  )
}

function Upload({ endpoint, id, token }: Omit<OutputFilesProps, 'running'>) {
  const queryClient = useQueryClient()
  const [file, setFile] = useState<File | null>(null)
  const [path, setPath] = useState('')
  const upload = useMutation({
    mutationFn: (args: { file: File; path: string }) => uploadFile(endpoint, id, token, args.path, args.file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rental-outputs', endpoint, id] }),
  })
  return (
    <form
      className="flex flex-wrap items-center gap-2 border-t border-line pt-3"
      onSubmit={(event) => {
        event.preventDefault()
        if (file) upload.mutate({ file, path: path.trim() || file.name })
      }}
    >
      <input
        type="file"
        aria-label="File to upload"
        onChange={(event) => {
          const chosen = event.target.files?.[0] ?? null
          setFile(chosen)
          if (chosen && path === '') setPath(chosen.name)
        }}
      />
      <label className="flex items-center gap-1">
        <span className="text-muted">to /workspace/</span>
        <input
          className="h-9 rounded-md border border-line bg-surface px-2 font-mono text-xs"
          value={path}
          onChange={(event) => setPath(event.target.value)}
          placeholder="data/input.csv"
        />
      </label>
      <button type="submit" className={secondaryButton} disabled={!file || upload.isPending}>
        {upload.isPending ? 'Uploading…' : 'Upload'}
      </button>
      <span role="status" className="text-xs">
        {upload.isSuccess
          ? `Uploaded ${formatSize(upload.data.size)} to /workspace/${upload.data.path}.`
          : upload.error
            ? accessProblem(upload.error)
            : 'Uploads must finish within 30 s; larger files go over SFTP.'}
      </span>
    </form>
  )
}
