package tools

func tools() string { return "tools" }
