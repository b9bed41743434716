export const PROJECT_ROOT: string;
export const BUILD_STAMP: string;
export function chooseEntry(name: string, root?: string): { kind: 'compiled' | 'source'; file: string };
export function runEntry(name: string): Promise<void>;
