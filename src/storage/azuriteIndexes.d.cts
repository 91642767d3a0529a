/** Types of azuriteIndexes.cjs (plain JavaScript: it is preloaded into the Azurite child, which runs no TypeScript). */
export declare function leadWithName(Loki: unknown): () => void;
export declare function isAzuriteBlobService(main: string): boolean;
export declare function removeFewInPlace(Loki: unknown): () => void;
