package neovim_test

import (
	"testing"

	"github.com/lspilot/lspilot/editors/editortest"
)

func TestMain(m *testing.M) { editortest.Main(m) }
