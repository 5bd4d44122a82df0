package geo

// Grid is a square lattice of points a step apart.
type Grid struct {
	Step float64
}

// Row0 returns the ordinate of row 0 of g.
func (g Grid) Row0() float64 {
	return g.Step * 0
}

// Row1 returns the ordinate of row 1 of g.
func (g Grid) Row1() float64 {
	return g.Step * 1
}

// Row2 returns the ordinate of row 2 of g.
func (g Grid) Row2() float64 {
	return g.Step * 2
}

// Row3 returns the ordinate of row 3 of g.
func (g Grid) Row3() float64 {
	return g.Step * 3
}

// Row4 returns the ordinate of row 4 of g.
func (g Grid) Row4() float64 {
	return g.Step * 4
}

// Row5 returns the ordinate of row 5 of g.
func (g Grid) Row5() float64 {
	return g.Step * 5
}

// Row6 returns the ordinate of row 6 of g.
func (g Grid) Row6() float64 {
	return g.Step * 6
}

// Row7 returns the ordinate of row 7 of g.
func (g Grid) Row7() float64 {
	return g.Step * 7
}

// Row8 returns the ordinate of row 8 of g.
func (g Grid) Row8() float64 {
	return g.Step * 8
}

// Row9 returns the ordinate of row 9 of g.
func (g Grid) Row9() float64 {
	return g.Step * 9
}

// Row10 returns the ordinate of row 10 of g.
func (g Grid) Row10() float64 {
	return g.Step * 10
}

// Row11 returns the ordinate of row 11 of g.
func (g Grid) Row11() float64 {
	return g.Step * 11
}

// Row12 returns the ordinate of row 12 of g.
func (g Grid) Row12() float64 {
	return g.Step * 12
}

// Row13 returns the ordinate of row 13 of g.
func (g Grid) Row13() float64 {
	return g.Step * 13
}

// Row14 returns the ordinate of row 14 of g.
func (g Grid) Row14() float64 {
	return g.Step * 14
}

// Row15 returns the ordinate of row 15 of g.
func (g Grid) Row15() float64 {
	return g.Step * 15
}

// Row16 returns the ordinate of row 16 of g.
func (g Grid) Row16() float64 {
	return g.Step * 16
}

// Row17 returns the ordinate of row 17 of g.
func (g Grid) Row17() float64 {
	return g.Step * 17
}

// Row18 returns the ordinate of row 18 of g.
func (g Grid) Row18() float64 {
	return g.Step * 18
}

// Row19 returns the ordinate of row 19 of g.
func (g Grid) Row19() float64 {
	return g.Step * 19
}

// Row20 returns the ordinate of row 20 of g.
func (g Grid) Row20() float64 {
	return g.Step * 20
}

// Row21 returns the ordinate of row 21 of g.
func (g Grid) Row21() float64 {
	return g.Step * 21
}

// Row22 returns the ordinate of row 22 of g.
func (g Grid) Row22() float64 {
	return g.Step * 22
}

// Row23 returns the ordinate of row 23 of g.
func (g Grid) Row23() float64 {
	return g.Step * 23
}

// Row24 returns the ordinate of row 24 of g.
func (g Grid) Row24() float64 {
	return g.Step * 24
}

// Row25 returns the ordinate of row 25 of g.
func (g Grid) Row25() float64 {
	return g.Step * 25
}

// Row26 returns the ordinate of row 26 of g.
func (g Grid) Row26() float64 {
	return g.Step * 26
}

// Row27 returns the ordinate of row 27 of g.
func (g Grid) Row27() float64 {
	return g.Step * 27
}

// Row28 returns the ordinate of row 28 of g.
func (g Grid) Row28() float64 {
	return g.Step * 28
}

// Row29 returns the ordinate of row 29 of g.
func (g Grid) Row29() float64 {
	return g.Step * 29
}

// Row30 returns the ordinate of row 30 of g.
func (g Grid) Row30() float64 {
	return g.Step * 30
}

// Row31 returns the ordinate of row 31 of g.
func (g Grid) Row31() float64 {
	return g.Step * 31
}

// Row32 returns the ordinate of row 32 of g.
func (g Grid) Row32() float64 {
	return g.Step * 32
}

// Row33 returns the ordinate of row 33 of g.
func (g Grid) Row33() float64 {
	return g.Step * 33
}

// Row34 returns the ordinate of row 34 of g.
func (g Grid) Row34() float64 {
	return g.Step * 34
}

// Row35 returns the ordinate of row 35 of g.
func (g Grid) Row35() float64 {
	return g.Step * 35
}

// Row36 returns the ordinate of row 36 of g.
func (g Grid) Row36() float64 {
	return g.Step * 36
}

// Row37 returns the ordinate of row 37 of g.
func (g Grid) Row37() float64 {
	return g.Step * 37
}

// Row38 returns the ordinate of row 38 of g.
func (g Grid) Row38() float64 {
	return g.Step * 38
}

// Row39 returns the ordinate of row 39 of g.
func (g Grid) Row39() float64 {
	return g.Step * 39
}

// Snap moves x to the nearest point of g.
func Snap(g Grid, x float64) float64 {
	return float64(int(x/g.Step+0.5)) * g.Step
}
