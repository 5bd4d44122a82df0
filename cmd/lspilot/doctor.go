package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lspilot/lspilot/inference"
	"github.com/lspilot/lspilot/inference/doctor"
	"github.com/lspilot/lspilot/inference/pipeline"
	"github.com/lspilot/lspilot/inference/prompt"
	lspconfig "github.com/lspilot/lspilot/lsp/config"
)

// runDoctor checks every configured backend and says what to fix; without
// one, it looks for a server on this machine as serve does and checks the
// model serve would use. It exits 0 when every check passes, 1 when one
// fails or nothing was found, and 2 on flags that cannot name a server.
func runDoctor(ctx context.Context, args []string, io stdio) error {
	fs := newFlagSet("doctor", io)
	config := fs.String("config", "", "config file (default $XDG_CONFIG_HOME/lspilot/config.toml)")
	var b backendFlags
	b.register(fs)
	if err := parseFlags(fs, args, io); err != nil {
		return err
	}
	if err := b.check(); err != nil {
		fmt.Fprintln(io.err, "lspilot doctor:", err)
		return exitError{2}
	}
	file, err := loadConfig(*config)
	if err != nil {
		return err
	}
	cfg, err := lspconfig.Resolve(b.apply(file))
	if err != nil {
		return err
	}
	reportLanguageServers(io.out, cfg, exec.LookPath)
	configs := cfg.BackendConfigs()
	if len(configs) == 0 {
		bc, ok := doctorDiscover(ctx, io.out)
		if !ok {
			return exitError{1}
		}
		configs = []inference.BackendConfig{bc}
	}
	logger := zap.NewNop()
	failed := false
	for _, bc := range configs {
		fmt.Fprintf(io.out, "backend %s\n", bc.Name)
		rep, err := doctor.Run(ctx, bc, doctor.Options{RawFIM: cfg.FIM.Template != "" && cfg.FIM.Template != "auto"}, io.out, logger)
		if err != nil {
			return err
		}
		failed = failed || rep.Failed()
		if serverFailed(rep) {
			otherServers(ctx, io.out, bc)
		}
		if !rep.Failed() {
			reportPrompt(ctx, io.out, bc, cfg.FIM.Template, logger)
		}
	}
	if failed {
		return exitError{1}
	}
	return nil
}

// reportPrompt says which prompt format lspilot will use with the model,
// and what looks wrong about the choice of model.
func reportPrompt(ctx context.Context, w io.Writer, bc inference.BackendConfig, setting string, logger *zap.Logger) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	hints := prompt.Hints{Name: bc.Model}
	if b, err := pipeline.Open(ctx, bc, logger); err == nil {
		if insp, ok := inference.As[inference.ModelInspector](b); ok {
			if info, err := insp.ModelInfo(ctx, bc.Model); err == nil {
				hints.Family = info.Family
				if b.Kind() == inference.KindOllama {
					hints.OllamaTemplate = info.Template
				} else {
					hints.ChatTemplate = info.Template
				}
			}
		}
	}
	_, det, err := prompt.Resolve(setting, nil, hints)
	if err != nil {
		line(w, doctor.Fail, "prompt", "fim.template: "+err.Error())
		return
	}
	line(w, doctor.OK, "prompt", fmt.Sprintf("%s prompt format (chosen by %s)", det.Family, det.By))
	for _, n := range det.Notes {
		line(w, doctor.Warn, "prompt", strings.TrimSpace(n))
	}
}

// line prints one check in the doctor's format.
func line(w io.Writer, s doctor.Status, name, detail string) {
	fmt.Fprintf(w, "%-4s  %-8s %s\n", s, name, detail)
}
