'use client'

import type { DraftErrors, DraftField, JobSpecDraft } from '@/lib/rent/job-spec-draft'
import { jobTemplates, randomToken } from '@/lib/rent/job-templates'
import type { RunnerNotes } from '@/lib/rent/runner-notes'
import { OnExitChoice } from './on-exit-choice'

type JobSpecFormProps = {
  draft: JobSpecDraft
  onChange: (draft: JobSpecDraft) => void
  /** A template replaced the draft (the panel keeps the previous one to undo). */
  onTemplate: (draft: JobSpecDraft) => void
  /** Shown once the renter has tried to rent; before that, typing is not interrupted. */
  errors: DraftErrors
  /** The spec is sealed in a rent already sent: shown, no longer editable. */
  locked: boolean
  /** The draft as it was before the last template replaced it, to undo. */
  onUndo: (() => void) | undefined
  /** What this provider's runner supports, said next to the fields it concerns. */
  notes: RunnerNotes
}

const fieldClass =
  'w-full rounded-md border border-line bg-canvas px-3 py-2 font-mono text-xs leading-relaxed aria-invalid:border-red-500 read-only:opacity-70'

function Field(props: {
  id: DraftField
  label: string
  hint: string
  error: string | undefined
  children: (describedBy: string) => React.ReactNode
}) {
  const describedBy = `job-${props.id}-hint`
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`job-${props.id}`} className="text-sm font-medium">
        {props.label}
      </label>
      {props.children(describedBy)}
      <p
        id={describedBy}
        className={`text-xs ${props.error ? 'text-red-700 dark:text-red-300' : 'text-muted'}`}
      >
        {props.error ?? props.hint}
      </p>
    </div>
  )
}

/**
 * What the provider runs: a template to start from, the command, what happens when it exits, the
 * image, environment and SSH key.
 */
export function JobSpecForm({
  draft,
  onChange,
  onTemplate,
  errors,
  locked,
  onUndo,
  notes,
}: JobSpecFormProps) {
  const set = (field: DraftField) => (event: { target: { value: string } }) =>
    onChange({ ...draft, [field]: event.target.value })
  return (
    <fieldset className="flex min-w-0 flex-col gap-3">
      <legend className="mb-1 text-sm font-semibold">Job spec</legend>
      {notes.unisolated ? (
        <p
          id="job-unisolated"
          className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          {notes.unisolated}
        </p>
      ) : null}
      {locked ? (
        <p className="text-xs text-muted">
          This job spec went sealed to the provider in the rent transaction, so it can no longer change.
        </p>
      ) : (
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1.5 text-xs text-muted">Start from a template:</legend>
          <div className="flex flex-wrap gap-1.5">
            {jobTemplates.map((template) => (
              <button
                key={template.id}
                type="button"
                title={template.summary}
                onClick={() =>
                  onTemplate({ ...template.fill(randomToken), sshPublicKey: draft.sshPublicKey })
                }
                className="h-8 rounded-md border border-line bg-surface px-2.5 text-xs font-medium hover:bg-subtle"
              >
                {template.name}
              </button>
            ))}
            {onUndo ? (
              <button type="button" onClick={onUndo} className="h-8 px-2 text-xs text-accent-text underline">
                Undo template
              </button>
            ) : null}
          </div>
        </fieldset>
      )}
      {draft.interactive ? (
        <div className="flex flex-col gap-1">
          <p id="job-interactive" className="text-sm font-medium">
            Interactive machine
          </p>
          <p className="text-xs text-muted">{notes.interactive}</p>
          {locked ? null : (
            <button
              type="button"
              onClick={() => onChange({ ...draft, interactive: false })}
              className="self-start text-xs text-accent-text underline"
            >
              Run a command instead
            </button>
          )}
        </div>
      ) : (
        <>
          <Field
            id="script"
            label="Command"
            hint="Run with sh -c on the provider’s machine."
            error={errors.script}
          >
            {(describedBy) => (
              <textarea
                id="job-script"
                rows={5}
                spellCheck={false}
                value={draft.script}
                onChange={set('script')}
                readOnly={locked}
                aria-invalid={errors.script ? true : undefined}
                aria-describedby={describedBy}
                className={fieldClass}
              />
            )}
          </Field>
          <OnExitChoice
            value={draft.onExit}
            onChange={(onExit) => onChange({ ...draft, onExit })}
            locked={locked}
          />
        </>
      )}
      <Field id="image" label="Container image" hint={notes.image} error={errors.image}>
        {(describedBy) => (
          <input
            id="job-image"
            spellCheck={false}
            autoComplete="off"
            value={draft.image}
            onChange={set('image')}
            readOnly={locked}
            aria-invalid={errors.image ? true : undefined}
            aria-describedby={describedBy}
            className={fieldClass}
          />
        )}
      </Field>
      <Field id="env" label="Environment variables" hint="One NAME=value per line." error={errors.env}>
        {(describedBy) => (
          <textarea
            id="job-env"
            rows={3}
            spellCheck={false}
            value={draft.env}
            onChange={set('env')}
            readOnly={locked}
            aria-invalid={errors.env ? true : undefined}
            aria-describedby={describedBy}
            className={fieldClass}
          />
        )}
      </Field>
      <Field
        id="proxyPathPorts"
        label="Ports told the proxy’s path"
        hint="Servers on these ports (comma-separated) are started with the path the rental page opens them at, /v1/rentals/<id>/ports/<port>/, and get it whole (Jupyter’s base_url; the Jupyter template sets 8888). Leave empty for servers at /."
        error={errors.proxyPathPorts}
      >
        {(describedBy) => (
          <input
            id="job-proxyPathPorts"
            inputMode="numeric"
            spellCheck={false}
            autoComplete="off"
            value={draft.proxyPathPorts}
            onChange={set('proxyPathPorts')}
            readOnly={locked}
            aria-invalid={errors.proxyPathPorts ? true : undefined}
            aria-describedby={describedBy}
            className={fieldClass}
          />
        )}
      </Field>
      <Field id="sshPublicKey" label="SSH public key" hint={notes.sshKey} error={errors.sshPublicKey}>
        {(describedBy) => (
          <textarea
            id="job-sshPublicKey"
            rows={2}
            spellCheck={false}
            placeholder="ssh-ed25519 AAAA… you@laptop"
            value={draft.sshPublicKey}
            onChange={set('sshPublicKey')}
            readOnly={locked}
            aria-invalid={errors.sshPublicKey ? true : undefined}
            aria-describedby={describedBy}
            className={fieldClass}
          />
        )}
      </Field>
    </fieldset>
  )
}
