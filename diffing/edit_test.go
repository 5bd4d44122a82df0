package diffing

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		edits   []Edit
		want    string
		wantErr error
	}{
		{name: "none", give: "abc", want: "abc"},
		{name: "replace", give: "abc", edits: []Edit{{Start: 1, End: 2, New: "X"}}, want: "aXc"},
		{name: "unsorted", give: "abc", edits: []Edit{{Start: 2, End: 3, New: "Z"}, {Start: 0, End: 1, New: "Y"}}, want: "YbZ"},
		{name: "insert_then_delete_same_offset", give: "abc", edits: []Edit{{Start: 1, End: 2, New: ""}, {Start: 1, End: 1, New: "X"}}, want: "aXc"},
		{name: "inserts_keep_order", give: "ab", edits: []Edit{{Start: 1, End: 1, New: "1"}, {Start: 1, End: 1, New: "2"}}, want: "a12b"},
		{name: "adjacent", give: "abcd", edits: []Edit{{Start: 0, End: 2, New: "X"}, {Start: 2, End: 4, New: "Y"}}, want: "XY"},
		{name: "append", give: "ab", edits: []Edit{{Start: 2, End: 2, New: "c"}}, want: "abc"},
		{name: "empty_text", give: "", edits: []Edit{{Start: 0, End: 0, New: "x"}}, want: "x"},
		{name: "overlap", give: "abcd", edits: []Edit{{Start: 0, End: 2, New: "X"}, {Start: 1, End: 3, New: "Y"}}, wantErr: ErrOverlap},
		{name: "two_deletions_same_start", give: "abcd", edits: []Edit{{Start: 1, End: 2}, {Start: 1, End: 3}}, wantErr: ErrOverlap},
		{name: "past_end", give: "ab", edits: []Edit{{Start: 1, End: 3, New: "X"}}, wantErr: ErrOutOfRange},
		{name: "negative", give: "ab", edits: []Edit{{Start: -1, End: 1}}, wantErr: ErrOutOfRange},
		{name: "reversed", give: "ab", edits: []Edit{{Start: 2, End: 1}}, wantErr: ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			given := append([]Edit(nil), tt.edits...)
			got, err := Apply(tt.give, tt.edits)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Apply error = %v, want %v", err, tt.wantErr)
			}
			var ee *EditError
			if tt.wantErr != nil && !errors.As(err, &ee) {
				t.Errorf("Apply error %T is not an *EditError", err)
			}
			if got != tt.want {
				t.Errorf("Apply = %q, want %q", got, tt.want)
			}
			if d := cmp.Diff(given, tt.edits); d != "" {
				t.Errorf("Apply changed its argument (-before +after):\n%s", d)
			}
		})
	}
}

func TestSortEdits(t *testing.T) {
	give := []Edit{{Start: 5, End: 6, New: "a"}, {Start: 1, End: 3, New: "b"}, {Start: 1, End: 1, New: "c"}, {Start: 1, End: 1, New: "d"}}
	want := []Edit{{Start: 1, End: 1, New: "c"}, {Start: 1, End: 1, New: "d"}, {Start: 1, End: 3, New: "b"}, {Start: 5, End: 6, New: "a"}}
	SortEdits(give)
	if d := cmp.Diff(want, give); d != "" {
		t.Errorf("SortEdits (-want +got):\n%s", d)
	}
}
