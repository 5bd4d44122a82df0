package suggest_test

import (
	"fmt"
	"strings"

	"github.com/lspilot/lspilot/inference/suggest"
)

func ExampleProcess() {
	text := "package main\n\nfunc main() {\n\tfmt.Println()\n}\n"
	got := suggest.Process(suggest.Input{
		Raw:      "\"hello\")\n}<|endoftext|>",
		Text:     text,
		Cursor:   strings.Index(text, "()") + 1,
		Language: "go",
	})
	fmt.Printf("%q\n", got)
	// Output:
	// "\"hello\""
}
