/** The colours of a drawing. */
export type Palette = { stroke: string; fill: string };

export const defaultPalette: Palette = { stroke: 'black', fill: 'white' };

export function blendPalettes(a: Palette, b: Palette): Palette {
  return { stroke: a.stroke, fill: b.fill };
}
