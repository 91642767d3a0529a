import { setFlagsFromString } from 'node:v8';

/**
 * Sets how far V8 lets the heap grow past the live data before its next full collection (HEAP_GROWING_PERCENT).
 * V8 otherwise lets it grow up to 4× under a burst of turns, which is most of Baken's peak memory; 0 leaves V8's
 * own choice. Applies to this whole process, from the next collection on.
 */
export function applyHeapGrowing(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
