package table

import (
	"strings"
	"testing"
)

type row struct {
	name string
	n    int
}

var cols = []Column[row]{
	Col("name", func(r row) string { return r.name }),
	Col("n", func(r row) string { return strings.Repeat("9", r.n) }),
}

func TestWrite(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, cols, []row{{"a", 3}, {"long", 1}}); err != nil {
		t.Fatal(err)
	}
	want := "  name    n\n     a  999\n  long    9\n"
	if b.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestWriteCSV(t *testing.T) {
	var b strings.Builder
	if err := WriteCSV(&b, cols, []row{{"a,b", 2}}); err != nil {
		t.Fatal(err)
	}
	if want := "name,n\n\"a,b\",99\n"; b.String() != want {
		t.Errorf("csv = %q, want %q", b.String(), want)
	}
}
