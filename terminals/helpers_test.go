package terminals_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/terminals"
)

// The two companies' credentials at their fake banks. The secrets reach
// the file only through ${ENV} references.
var (
	credsA = nestpaytest.Credentials{ClientID: "100100100", User: "ACMEAPI", Password: "acme-Pass-7f3a9c1e", StoreKey: "acme-StoreKey-5b8d2e6f"}
	credsB = nestpaytest.Credentials{ClientID: "200200200", User: "BETAAPI", Password: "beta-Pass-0c4e8a2d", StoreKey: "beta-StoreKey-9a1f7b3c"}
)

// secrets are every secret value of the fixture, for leak checks.
var secrets = []string{credsA.Password, credsA.StoreKey, credsB.Password, credsB.StoreKey, "posnet-EncKey-31415"}

// fixture is a two-company definitions file: ACME on İşbank (NestPay), with
// a Denizbank (InterPOS) POS not supported yet, and Beta on Ziraat (NestPay), each
// against its own fake bank with its own credentials.
type fixture struct {
	a, b  *nestpaytest.Server
	env   map[string]string
	store *vpos.MemoryStore
	path  string
	order atomic.Int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{
		a:     nestpaytest.NewServer(nestpaytest.WithCredentials(credsA)),
		b:     nestpaytest.NewServer(nestpaytest.WithCredentials(credsB)),
		store: vpos.NewMemoryStore(),
		path:  filepath.Join(t.TempDir(), "definitions.yaml"),
		env: map[string]string{
			"ACME_ISBANK_PASSWORD": credsA.Password, "ACME_ISBANK_STORE_KEY": credsA.StoreKey,
			"BETA_ZIRAAT_PASSWORD": credsB.Password, "BETA_ZIRAAT_STORE_KEY": credsB.StoreKey,
			"ACME_POSNET_ENC_KEY": "posnet-EncKey-31415",
		},
	}
	t.Cleanup(f.a.Close)
	t.Cleanup(f.b.Close)
	f.write(t, f.file(12))
	return f
}

// file returns the definitions with ACME's installment limit set to max.
func (f *fixture) file(max int) string {
	return fmt.Sprintf(`# two companies, two banks
companies:
  - name: ACME
    default_pos: isbank-1
    pos:
      - name: isbank-1
        bank: İşbank
        mode: 3d_pay
        urls:
          api: %s
          gate3d: %s
        credentials:
          client_id: "100100100"
          user: ACMEAPI
          password: ${ACME_ISBANK_PASSWORD}
          store_key: ${ACME_ISBANK_STORE_KEY}
        currencies: [TRY, USD]
        max_installments: %d
        registered_ip: 203.0.113.10
      - name: denizbank-1
        bank: Denizbank
        mode: 3d
        environment: test
        credentials:
          shop_code: "3123"
          user_code: "InterTestApi"
          user_pass: ${ACME_POSNET_ENC_KEY}
          merchant_pass: interpos-merchant-pass-271828
  - name: Beta
    pos:
      - name: ziraat-1
        bank: ziraat
        mode: 3d
        urls:
          api: %s
          gate3d: %s
        credentials:
          client_id: "200200200"
          user: BETAAPI
          password: ${BETA_ZIRAAT_PASSWORD}
          store_key: ${BETA_ZIRAAT_STORE_KEY}
        currencies: [TRY]
`, f.a.APIURL(), f.a.GateURL(), max, f.b.APIURL(), f.b.GateURL())
}

func (f *fixture) write(t *testing.T, content string) {
	t.Helper()
	// Write and rename, as deployment tools do, so that a concurrent
	// reader never sees half a file.
	tmp := f.path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, f.path); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) lookup(name string) (string, bool) {
	v, ok := f.env[name]
	return v, ok
}

func (f *fixture) options() *terminals.Options {
	return &terminals.Options{Base: &vpos.Options{Store: f.store}, LookupEnv: f.lookup}
}

func (f *fixture) open(t *testing.T) *terminals.Registry {
	t.Helper()
	r, err := terminals.Open(f.path, f.options())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sale charges 10.00 in cur with a new order id through c.
func (f *fixture) sale(c *vpos.Client, cur vpos.Currency, card vpos.Card) error {
	id := fmt.Sprintf("ORD-%d", f.order.Add(1))
	_, err := c.Sale(context.Background(), &vpos.SaleRequest{OrderID: id, Amount: 1000, Currency: cur, Card: card})
	return err
}

// noSecret fails when s shows any secret of the fixture.
func noSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, x := range secrets {
		if strings.Contains(s, x) {
			t.Errorf("%s shows a secret: %s", what, s)
		}
	}
}
