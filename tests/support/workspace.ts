/**
 * A temporary directory holding a config file and a DATA_DIR, removed after the test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Workspace {
  dir: string;
  dataDir: string;
  configPath: string;
  writeConfig(yaml: string): Promise<void>;
  remove(): Promise<void>;
}

export async function createWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-test-'));
  const configPath = join(dir, 'herald.yaml');
  return {
    dir,
    dataDir: join(dir, 'data'),
    configPath,
    writeConfig: (yaml) => writeFile(configPath, yaml),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
