import { Palette, blendPalettes, defaultPalette } from './colors';
import { Circle, circleArea, newCircle } from './shapes';

export function total(shapes: Circle[]): number {
  let sum = 0;
  for (const c of shapes) {
    sum += circleArea(c);
  }
  return sum;
}

export function unit(labels: string[]): Circle[] {
  return labels.map((label) => {
    const c = newCircle(1);
    c.label = label;
    return c;
  });
}

export function paint(shapes: Circle[]): Palette {
  const p = blendPalettes(defaultPalette, defaultPalette);
  for (const c of shapes) {
    c.label = p.fill;
  }
  return p;
}
