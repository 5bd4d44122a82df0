package geo

// Palette names the colours of a drawing.
type Palette struct {
	Stroke, Fill string
}

// DefaultPalette is black on white.
var DefaultPalette = Palette{Stroke: "black", Fill: "white"}

// Blend mixes two palettes.
func Blend(a, b Palette) Palette {
	return Palette{Stroke: a.Stroke, Fill: b.Fill}
}
