/** Types of buildStamp.cjs (plain JavaScript, so that `npm start` can check the build before anything is compiled). */
export declare const SOURCE_DIRS: readonly string[];
export declare const OUT_DIR: string;
export declare function filesUnder(root: string, dir: string): string[];
export declare function sourceHash(root: string): string;
export declare function writeStamp(outDir: string, hash: string): void;
export declare function buildProblem(root: string): string | undefined;
