package benchmark

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCorpusIsDeterministic(t *testing.T) {
	a, err := Corpus(6, 20, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Corpus(6, 20, 7)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different traces:\n%s", diff)
	}
	for _, tr := range a {
		if len(tr.Events) < 100 || tr.Final == "" || tr.Language == "" {
			t.Errorf("%s: %d events, %d final bytes, language %q", tr.Path, len(tr.Events), len(tr.Final), tr.Language)
		}
	}
}
