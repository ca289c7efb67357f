/**
 * Collects output chunks up to `cap` bytes; `push` returns false once more was offered than fits. Both
 * runners (local and SSH) use it for the stdout and stderr caps of an exec.
 */
export class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  full = false;

  constructor(private readonly cap: number) {}

  push(chunk: Buffer): boolean {
    const room = this.cap - this.size;
    if (chunk.length > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.size = this.cap;
      this.full = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}
