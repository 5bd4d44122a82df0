package benchmark

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// processStrategies are the strategies a run in processes compares: the
// daemon as it ships, and the same with replicas chosen in turn.
var processStrategies = map[string]string{"lspilot": "prefix", "round-robin": "round-robin"}

// processConfig writes, in dir, the configuration file each daemon of a run
// in processes reads for strategy s: the fleet as one backend with its
// replicas, routed as s routes. It configures no slots: a daemon pins its
// sessions to llama.cpp slots without knowing of the other daemons' sessions,
// so a team leaves the choice of slot to the server.
func processConfig(dir string, s strategy, f *fleet) (string, error) {
	routing, ok := processStrategies[s.name]
	if !ok {
		return "", fmt.Errorf("only the lspilot and round-robin strategies run in processes, not %s", s.name)
	}
	q := strconv.Quote
	var b strings.Builder
	fmt.Fprintf(&b, "[[backends]]\nname = \"bench\"\nkind = %s\nurl = %s\nmodel = %s\nrouting = %s\n",
		q(string(f.kind)), q(f.urls[0]), q(f.model), q(routing))
	if len(f.urls) > 1 {
		quoted := make([]string, len(f.urls)-1)
		for i, u := range f.urls[1:] {
			quoted[i] = q(u)
		}
		fmt.Fprintf(&b, "replicas = [%s]\n", strings.Join(quoted, ", "))
	}
	path := filepath.Join(dir, s.name+".toml")
	return path, os.WriteFile(path, []byte(b.String()), 0o600)
}
