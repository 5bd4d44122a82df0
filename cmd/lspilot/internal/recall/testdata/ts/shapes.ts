/** A round shape. */
export interface Circle {
  radius: number;
  label?: string;
}

export function newCircle(radius: number): Circle {
  return { radius };
}

export function circleArea(c: Circle): number {
  return Math.PI * c.radius * c.radius;
}
