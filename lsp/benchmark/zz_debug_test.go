package benchmark

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func TestZZDebug(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	cfg := zap.NewDevelopmentConfig()
	cfg.Level = zap.NewAtomicLevelAt(zapcore.InfoLevel)
	lg, _ := cfg.Build()
	res, err := Run(t.Context(), Options{Editors: 30, Duration: 30 * time.Second, Strategies: strings.Split(os.Getenv("ZZ"), ","), Virtual: true, Logger: lg, HitRate: hr(), Accept: ac(), Progress: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	WriteTable(os.Stderr, res)
}

func hr() float64 { f, _ := strconv.ParseFloat(os.Getenv("HR"), 64); return f }
func ac() float64 { f, _ := strconv.ParseFloat(os.Getenv("AC"), 64); return f }
