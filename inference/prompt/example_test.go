package prompt_test

import (
	"fmt"
	"strings"

	"github.com/lspilot/lspilot/inference/prompt"
)

func ExampleBuild() {
	tmpl, _, err := prompt.Resolve("auto", nil, prompt.Hints{Name: "qwen2.5-coder:1.5b-base"})
	if err != nil {
		panic(err)
	}
	text := "package main\n\nfunc main() {\n\tfmt.Pri\n}\n"
	cursor := strings.Index(text, "\n}") // after "fmt.Pri"
	b, err := prompt.Build(tmpl, prompt.Request{Path: "main.go", Text: text, Cursor: cursor}, prompt.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q\n", b.Prompt)
	fmt.Printf("%q\n", b.Prompt[b.StablePrefixLen:])
	// Output:
	// "<|file_sep|>main.go\n<|fim_prefix|>package main\n\nfunc main() {\n<|fim_suffix|>\n}\n<|fim_middle|>\tfmt.Pri"
	// "\tfmt.Pri"
}
