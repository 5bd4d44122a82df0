package geo

import "math"

// Circle is a round shape.
type Circle struct {
	Radius float64
	Label  string
}

// NewCircle returns a circle of radius r.
func NewCircle(r float64) Circle {
	return Circle{Radius: r}
}

// Area returns the surface of c.
func (c Circle) Area() float64 {
	return math.Pi * c.Radius * c.Radius
}
