package doctor

import (
	"fmt"
	"io"
)

// Status is the outcome of a check.
type Status int

// The outcomes of a check.
const (
	OK Status = iota
	Warn
	Fail
	Skip
)

// String returns the label printed for the status.
func (s Status) String() string {
	switch s {
	case OK:
		return "ok"
	case Warn:
		return "warn"
	case Fail:
		return "FAIL"
	}
	return "skip"
}

// Check is one line of the report.
type Check struct {
	// Name is the check: config, server, model, fim, context, latency.
	Name string
	// URL is the server checked, empty for the configuration.
	URL    string
	Status Status
	// Detail says what was found.
	Detail string
	// Fix says what to do, for warnings and failures.
	Fix string
}

// Report is the outcome of Run.
type Report struct {
	Backend string
	Checks  []Check
}

// Failed reports whether any check failed.
func (r Report) Failed() bool {
	for _, c := range r.Checks {
		if c.Status == Fail {
			return true
		}
	}
	return false
}

// printer writes checks as they complete and keeps them for the report.
type printer struct {
	w      io.Writer
	report *Report
	err    error
}

func (p *printer) add(c Check) {
	p.report.Checks = append(p.report.Checks, c)
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, "%-4s  %-8s %s\n", c.Status, c.Name, c.Detail)
	if p.err == nil && c.Fix != "" {
		_, p.err = fmt.Fprintf(p.w, "      %-8s fix: %s\n", "", c.Fix)
	}
}
