// Package table writes the results of lspilot's measuring commands (bench,
// recall) as an aligned text table or as CSV, from one list of columns.
//
// It imports only the standard library.
package table

import (
	"encoding/csv"
	"fmt"
	"io"
	"text/tabwriter"
)

// Column is one column: its header and the cell of a row.
type Column[R any] struct {
	Name string
	Cell func(R) string
}

// Col returns the column named name whose cells cell gives.
func Col[R any](name string, cell func(R) string) Column[R] {
	return Column[R]{Name: name, Cell: cell}
}

// Write writes rows as a table aligned to the right, with a header line.
func Write[R any](w io.Writer, cols []Column[R], rows []R) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	line := func(cell func(Column[R]) string) {
		for i, c := range cols {
			sep := "\t"
			if i == len(cols)-1 {
				sep = "\t\n"
			}
			fmt.Fprint(tw, cell(c), sep)
		}
	}
	line(func(c Column[R]) string { return c.Name })
	for _, r := range rows {
		line(func(c Column[R]) string { return c.Cell(r) })
	}
	return tw.Flush()
}

// WriteCSV writes rows as CSV with a header row.
func WriteCSV[R any](w io.Writer, cols []Column[R], rows []R) error {
	cw := csv.NewWriter(w)
	row := func(cell func(Column[R]) string) error {
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = cell(c)
		}
		return cw.Write(out)
	}
	if err := row(func(c Column[R]) string { return c.Name }); err != nil {
		return err
	}
	for _, r := range rows {
		if err := row(func(c Column[R]) string { return c.Cell(r) }); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
