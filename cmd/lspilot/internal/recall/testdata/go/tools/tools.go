package tools

import "geo"

// Unit is a circle of radius one, in the package whose name a function
// of another file also has.
var Unit = geo.NewCircle(1)
