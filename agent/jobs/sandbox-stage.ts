import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runTool } from './sandbox-tools'
import { isMountPoint } from './workspace-quota'

/**
 * What bubblewrap binds into a sandbox must be reachable by the job's uid: bubblewrap runs as
 * that uid and resolves its sources by path (also for --bind-fd), and a job dir may sit below
 * directories only root may enter (/root, a 0700 data folder). So each job gets a stage
 * `<stateDir>/stage/<uid>/` (every level 0711: passable, not listable) holding a bind of its
 * workspace and its generated /etc files.
 */
export type Stage = { dir: string; workspace: string; etc: string }

export function stagePaths(stateDir: string, uid: number): Stage {
  const dir = join(stateDir, 'stage', String(uid))
  return { dir, workspace: join(dir, 'workspace'), etc: join(dir, 'etc') }
}

/** Whether the host tool succeeded. */
const run = (argv: readonly string[]): boolean => runTool(argv) === undefined

/** Creates the stage: the workspace bound in, the /etc files written (nothing secret in them). */
export function createStage(stage: Stage, workDir: string, etcFiles: Readonly<Record<string, string>>): void {
  for (const dir of [join(stage.dir, '..', '..'), join(stage.dir, '..'), stage.dir]) {
    mkdirSync(dir, { recursive: true })
    chmodSync(dir, 0o711)
  }
  mkdirSync(stage.etc, { recursive: true, mode: 0o755 })
  for (const [name, text] of Object.entries(etcFiles))
    writeFileSync(join(stage.etc, name), text, { mode: 0o644 })
  mkdirSync(stage.workspace, { recursive: true, mode: 0o700 })
  if (!isMountPoint(stage.workspace) && !run(['mount', '--bind', workDir, stage.workspace])) {
    throw new Error(`the workspace could not be bound at ${stage.workspace}`)
  }
}

/** Unbinds the workspace and removes the stage (never following the bind into the workspace). */
export function removeStage(stage: Stage): void {
  if (isMountPoint(stage.workspace) && !run(['umount', stage.workspace]))
    run(['umount', '-l', stage.workspace])
  if (isMountPoint(stage.workspace)) throw new Error(`${stage.workspace} is still mounted`)
  rmSync(stage.dir, { recursive: true, force: true })
}
