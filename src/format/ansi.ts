/** The few SGR codes the stylish output uses; identity functions when color is off. */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function palette(color: boolean): Palette {
  if (!color) {
    const plain = (text: string) => text;
    return { red: plain, yellow: plain, dim: plain, bold: plain, underline: plain };
  }
  return { red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22), underline: sgr(4, 24) };
}
