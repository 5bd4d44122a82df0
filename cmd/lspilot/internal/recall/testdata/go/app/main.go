package main

import (
	"fmt"

	"geo"
)

func main() {
	shapes := geo.Unit([]string{"a", "b"})
	shapes = append(shapes, geo.NewCircle(2))
	fmt.Println(geo.Total(shapes))
	p := geo.Paint(shapes)
	fmt.Println(p.Fill)
}
