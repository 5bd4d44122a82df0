package recall

import (
	"encoding/csv"
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
)

func TestZZAnalysis(t *testing.T) {
	sets, _ := DefaultSets(CacheDir())
	sites, err := Sample(sets[0], 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open("/tmp/sites-dir.csv")
	rows, _ := csv.NewReader(f).ReadAll()
	hit := map[string]bool{}
	for _, r := range rows {
		if r[1] == "definitions" && r[5] == "true" {
			hit[r[2]] = true
		}
	}
	cnt := map[string]int{}
	for _, s := range sites {
		key := fmt.Sprintf("%s:%d", s.Path, strings.Count(s.Text[:s.Cursor], "\n")+1)
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(s.Decl.Name) + `\b`)
		inFile := re.MatchString(s.Text)
		samePkg := path.Dir(s.Decl.Path) == path.Dir(s.Path)
		k := fmt.Sprintf("inFile=%v samePkg=%v hit=%v", inFile, samePkg, hit[key])
		cnt[k]++
		if !hit[key] && inFile {
			fmt.Printf("MISS-INFILE %s | %q | %s:%d %q\n", key, s.Line, s.Decl.Path, s.Decl.Line, s.Decl.Text)
		}
	}
	for k, v := range cnt {
		fmt.Println(k, v)
	}
}
