package main

import (
	"fmt"
	"os"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Warnings and errors that repeat are limited: per level and message, the
// first logBurst lines of each logTick are written and the rest counted, to
// be reported by one summary line. A client sending garbage in a loop
// cannot fill the disk with one line per frame.
const (
	logTick  = time.Second
	logBurst = 10
)

// newLogger returns a logger writing to stderr, or to file when one is named;
// never to stdout, which carries protocol frames.
func newLogger(level, file string) (*zap.Logger, error) {
	lvl, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, fmt.Errorf("log level: %w", err)
	}
	out := zapcore.Lock(os.Stderr)
	if file != "" {
		f, err := openLogFile(file)
		if err != nil {
			return nil, err
		}
		out = zapcore.Lock(f)
	}
	enc := zap.NewDevelopmentEncoderConfig()
	enc.EncodeLevel = zapcore.CapitalLevelEncoder
	return zap.New(newLogCore(zapcore.NewConsoleEncoder(enc), out, lvl)).With(zap.Int("pid", os.Getpid())), nil
}

// newLogCore writes entries at lvl and above to out, limiting repeated
// warnings and errors.
func newLogCore(enc zapcore.Encoder, out zapcore.WriteSyncer, lvl zapcore.Level) zapcore.Core {
	quiet := zap.LevelEnablerFunc(func(l zapcore.Level) bool { return l >= lvl && l < zapcore.WarnLevel })
	loud := zap.LevelEnablerFunc(func(l zapcore.Level) bool { return l >= lvl && l >= zapcore.WarnLevel })
	return zapcore.NewTee(
		zapcore.NewCore(enc, out, quiet),
		limitRepeats(zapcore.NewCore(enc.Clone(), out, loud), logTick, logBurst),
	)
}

// openLogFile opens file for appending. It refuses a symbolic link, and a
// regular file that belongs to another user: either could send the logs
// somewhere the user did not choose.
func openLogFile(file string) (*os.File, error) {
	f, err := openNoFollow(file, os.O_CREATE|os.O_WRONLY|os.O_APPEND)
	if err != nil {
		return nil, fmt.Errorf("open log file: %w", err)
	}
	if err := checkOwnFile(f, true); err != nil {
		f.Close()
		return nil, fmt.Errorf("open log file: %w", err)
	}
	return f, nil
}
