import { closeSync, openSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';

/** Where an answer being typed stands after one more key. */
export type LineEdit = { kind: 'typing'; text: string } | { kind: 'done'; text: string } | { kind: 'cancelled' };

/**
 * One key of a hidden answer: Enter finishes, Ctrl-C cancels, Ctrl-D cancels on an empty line,
 * Backspace removes a character, Ctrl-U clears; other control characters are ignored.
 */
export function editLine(text: string, key: string): LineEdit {
  if (key === '\r' || key === '\n') return { kind: 'done', text };
  if (key === '\x03' || (key === '\x04' && text === '')) return { kind: 'cancelled' };
  if (key === '\x7f' || key === '\b') return { kind: 'typing', text: [...text].slice(0, -1).join('') };
  if (key === '\x15') return { kind: 'typing', text: '' };
  if (key < ' ') return { kind: 'typing', text };
  return { kind: 'typing', text: text + key };
}

/** Whether this process has a controlling terminal to ask on. */
export function hasTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r+'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Asks on the controlling terminal (/dev/tty, so it works with stdout piped) with echo off, as
 * ssh does for passphrases. Resolves `undefined` when cancelled or when there is no terminal.
 */
export function askTerminal(prompt: string, echo = false): Promise<string | undefined> {
  let inFd: number;
  let outFd: number;
  try {
    inFd = openSync('/dev/tty', 'r');
    outFd = openSync('/dev/tty', 'w');
  } catch {
    return Promise.resolve(undefined);
  }
  const input = new ReadStream(inFd);
  input.setRawMode(true);
  writeSync(outFd, prompt);
  return new Promise((resolve) => {
    let text = '';
    const finish = (answer: string | undefined): void => {
      input.removeAllListeners('data');
      input.setRawMode(false);
      input.destroy();
      writeSync(outFd, '\n');
      closeSync(outFd);
      resolve(answer);
    };
    input.on('data', (chunk: Buffer) => {
      for (const key of chunk.toString('utf8')) {
        const before = text;
        const step = editLine(text, key);
        if (step.kind === 'cancelled') return finish(undefined);
        if (step.kind === 'done') return finish(step.text);
        text = step.text;
        if (echo && text.length > before.length) writeSync(outFd, key);
        else if (echo && text.length < before.length)
          writeSync(outFd, '\b \b'.repeat([...before].length - [...text].length));
      }
    });
  });
}
