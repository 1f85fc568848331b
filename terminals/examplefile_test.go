package terminals_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/terminals"
)

// The example definitions file must always load: every field it documents
// is real.
func TestExampleDefinitionsFile(t *testing.T) {
	path := filepath.Join("..", "examples", "definitions", "definitions.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, m := range regexp.MustCompile(`\$\{([A-Z0-9_]+)\}`).FindAllStringSubmatch(string(data), -1) {
		env[m[1]] = "example-secret-" + m[1]
	}
	if len(env) < 5 {
		t.Fatalf("the example uses %d environment variables; expected its secrets to come from the environment", len(env))
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cfg, err := terminals.Parse(data, lookup)
	if err != nil {
		t.Fatalf("the example does not parse: %v", err)
	}
	if len(cfg.Companies) != 2 {
		t.Errorf("the example has %d companies, want 2", len(cfg.Companies))
	}
	r, err := terminals.Open(path, &terminals.Options{LookupEnv: lookup})
	if err != nil {
		t.Fatalf("the example's Clients cannot be built: %v", err)
	}
	for _, co := range cfg.Companies {
		for _, p := range co.POS {
			_, err := r.Client(co.Name, p.Name)
			b, _ := banks.Lookup(p.Bank)
			s, _ := b.Service(p.Protocol)
			if s.Supported != (err == nil) || (!s.Supported && !errors.Is(err, banks.ErrNotSupportedYet)) {
				t.Errorf("%s/%s (%s): Client error %v", co.Name, p.Name, s.Protocol, err)
			}
		}
	}
	if _, err := r.Default("ACME Ticaret", vpos.USD); err != nil {
		t.Errorf("USD default: %v", err)
	}
	// The example documents at least one unsupported bank, one explicit-URL
	// POS and every optional field.
	var unsupported, urls, src, reg, set, cur, inst, proto, desc bool
	for _, co := range cfg.Companies {
		for _, p := range co.POS {
			b, _ := banks.Lookup(p.Bank)
			unsupported = unsupported || !b.Supported()
			urls = urls || len(p.URLs) > 0
			src, reg = src || p.SourceIP != "", reg || p.RegisteredIP != ""
			set, cur = set || len(p.Settings) > 0, cur || len(p.Currencies) > 0
			inst, proto, desc = inst || p.MaxInstallments > 0, proto || p.Protocol != "", desc || p.Description != ""
		}
	}
	if !(unsupported && urls && src && reg && set && cur && inst && proto && desc) {
		t.Error("the example no longer shows every field")
	}
	shown := fmt.Sprintf("%+v", r.Definitions())
	for _, v := range env {
		if strings.Contains(shown, v) {
			t.Errorf("Definitions shows the secret %s", v)
		}
	}
}
