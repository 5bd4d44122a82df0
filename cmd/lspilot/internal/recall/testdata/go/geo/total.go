package geo

// Total sums the areas of shapes.
func Total(shapes []Circle) float64 {
	sum := 0.0
	for _, c := range shapes {
		sum += c.Area()
	}
	return sum
}

// Unit returns the circles of radius one, labelled.
func Unit(labels []string) []Circle {
	var out []Circle
	for _, l := range labels {
		c := NewCircle(1)
		c.Label = l
		out = append(out, c)
	}
	return out
}

// Paint gives every circle the default palette's fill.
func Paint(shapes []Circle) Palette {
	p := Blend(DefaultPalette, DefaultPalette)
	for range shapes {
		p.Fill = DefaultPalette.Fill
	}
	return p
}

// Align snaps the radius of every circle to the grid.
func Align(shapes []Circle, g Grid) {
	least := Snap(g, 0)
	for i := range shapes {
		r := Snap(g, shapes[i].Radius)
		shapes[i].Radius = max(r, least)
	}
}
