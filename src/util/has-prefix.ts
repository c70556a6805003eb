/**
 * `text.startsWith(prefix)`. V8's startsWith compares a walked path (a string built by
 * concatenation) with its directory in several times the time of lastIndexOf from position 0,
 * which compares at that one position: checks made for every entry of a large tree use this.
 */
export function hasPrefix(text: string, prefix: string): boolean {
  return text.lastIndexOf(prefix, 0) === 0;
}
