package privacy_test

import (
	"testing"

	"github.com/lspilot/lspilot/inference/privacy"
)

func TestExcluded(t *testing.T) {
	m, err := privacy.New([]string{"settings.py", "/config/prod/*.yaml", "vault/", "deploy/**/values.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		give string
		want bool
	}{
		{".env", true},
		{".env.local", true},
		{"app/.ENV.production", true},
		{"deploy/prod.env", true},
		{".envrc", true},
		{"server.pem", true},
		{"certs/tls.key", true},
		{"id_rsa", true},
		{"/home/u/.ssh/id_ed25519.pub", true},
		{"/home/u/.ssh/config", true},
		{"keys/id_ecdsa", true},
		{"store.p12", true},
		{"store.PFX", true},
		{"android/release.keystore", true},
		{"app.jks", true},
		{"credentials.json", true},
		{"client_secret.json", true},
		{"k8s/secrets.yaml", true},
		{".netrc", true},
		{".npmrc", true},
		{".pypirc", true},
		{".git-credentials", true},
		{"vault.kdbx", true},
		{"/home/u/.aws/credentials", true},
		{"/home/u/.aws/config", true},
		{"/home/u/.config/gcloud/application_default_credentials.json", true},
		{"/home/u/.config/gcloud/configurations/config_default", true},
		{"/home/u/.kube/config", true},
		{".git/config", true},
		{"sub/.git/hooks/pre-commit", true},
		{`C:\work\.git\HEAD`, true},
		{"terraform.tfstate", true},
		{"settings.py", true},
		{"app/settings.py", true},
		{"config/prod/db.yaml", true},
		{"vault/policy.hcl", true},
		{"deploy/a/b/values.yaml", true},
		{"deploy/values.yaml", true},

		{"main.py", false},
		{"README.md", false},
		{"pkg/keyboard.go", false},
		{"environment.go", false},
		{".gitignore", false},
		{".github/workflows/ci.yml", false},
		{"git/config.go", false},
		{"other/config/prod/db.yaml", false},
		{"config/prod/db.json", false},
		{"vault", false},
		{"values.yaml", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := m.Excluded(tt.give); got != tt.want {
			t.Errorf("Excluded(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
}

// TestBuiltinAlways: the built-in patterns hold with no configuration, and
// a nil matcher excludes nothing.
func TestBuiltinAlways(t *testing.T) {
	m, err := privacy.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".env", "id_rsa", "server.pem", ".git/config"} {
		if !m.Excluded(p) {
			t.Errorf("built-in patterns let %q through", p)
		}
	}
	if m.Excluded("settings.py") {
		t.Error("settings.py is ordinary code and is not excluded by default")
	}
	var none *privacy.Matcher
	if none.Excluded(".env") {
		t.Error("a nil matcher excluded a file")
	}
}

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		give    string
		wantErr bool
	}{
		{"*.pem", false},
		{"a/**/b", false},
		{"[a-", true},
		{"/", true},
		{"", true},
		{"a//b", true},
	} {
		if err := privacy.Check(tt.give); (err != nil) != tt.wantErr {
			t.Errorf("Check(%q) = %v, want error %v", tt.give, err, tt.wantErr)
		}
	}
}
