package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
)

func TestDemo(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"demo", "-db", ":memory:"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("vpos demo exited %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	text := out.String()
	for _, want := range []string{"every step behaved as expected", "Kartınızın bakiyesi", "Insufficient balance", "partially_refunded"} {
		if !strings.Contains(text, want) {
			t.Errorf("demo output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "FAILED") {
		t.Errorf("demo output has a failed step:\n%s", text)
	}
	for _, b := range []string{"isbank (nestpay)", "garanti", "yapikredi (posnet)", "vakifbank (payflex)", "albaraka (posnetv1)"} {
		if !strings.Contains(text, b) {
			t.Errorf("demo output lacks bank %s", b)
		}
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"nope"}, 2},
		{[]string{"help"}, 0},
		{[]string{"demo", "-bank", "no-such-bank", "-db", ":memory:"}, 2},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		if got := run(tt.args, &out, &errOut); got != tt.code {
			t.Errorf("run(%q) = %d, want %d", tt.args, got, tt.code)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	for _, v := range []string{"ACME_GARANTI_PROV_PASSWORD", "ACME_GARANTI_REFUND_PASSWORD", "ACME_GARANTI_STORE_KEY",
		"ACME_HALKBANK_PASSWORD", "ACME_HALKBANK_STORE_KEY", "ACME_ISBANK_PASSWORD", "ACME_ISBANK_STORE_KEY",
		"BETA_INTERPOS_USER_PASS", "BETA_INTERPOS_MERCHANT_PASS", "BETA_ZIRAAT_PASSWORD", "BETA_ZIRAAT_STORE_KEY"} {
		t.Setenv(v, "s3cret-value-of-"+v)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"config", "check", "../../examples/definitions/definitions.yaml"}, &out, &errOut); code != 0 {
		t.Fatalf("config check exited %d: %s", code, errOut.String())
	}
	text := out.String()
	if strings.Contains(text, "s3cret") {
		t.Errorf("config check printed a secret:\n%s", text)
	}
	for _, want := range []string{"ACME Ticaret", "isbank-web (default)", "nestpay", "interpos (not supported yet)", "10.20.30.40", "valid"} {
		if !strings.Contains(text, want) {
			t.Errorf("config check output lacks %q:\n%s", want, text)
		}
	}
	// A broken file lists its problems and fails.
	out.Reset()
	errOut.Reset()
	t.Setenv("ACME_ISBANK_PASSWORD", "")
	bad := t.TempDir() + "/bad.yaml"
	if err := os.WriteFile(bad, []byte("companies:\n  - name: X\n    pos:\n      - name: p\n        bank: nosuchbank\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"config", "check", bad}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "nosuchbank") {
		t.Errorf("config check of a bad file = %d, %q; want 1 naming the unknown bank", code, errOut.String())
	}
}

func TestDemoWithConfigMovesNoMoney(t *testing.T) {
	np := nestpaytest.NewServer()
	defer np.Close()
	c := np.Credentials()
	file := t.TempDir() + "/defs.yaml"
	yaml := fmt.Sprintf(`companies:
  - name: ACME
    pos:
      - name: isbank-1
        bank: isbank
        mode: regular
        urls: {api: %q, gate3d: %q}
        credentials: {client_id: %q, user: %q, password: %q, store_key: %q}
`, np.APIURL(), np.GateURL(), c.ClientID, c.User, c.Password, c.StoreKey)
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"demo", "-db", ":memory:", "-config", file}, &out, &errOut); code != 0 {
		t.Fatalf("demo -config exited %d\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "no money was moved") || strings.Contains(out.String(), c.Password) {
		t.Errorf("output:\n%s", out.String())
	}
	if got := np.Ledger().Bookings(); got != 0 {
		t.Errorf("bank bookings = %d, want 0", got)
	}
}
