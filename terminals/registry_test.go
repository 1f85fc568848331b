package terminals_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/terminals"
)

func TestPaymentsGoThroughTheirCompanysBank(t *testing.T) {
	f := newFixture(t)
	r := f.open(t)
	tests := []struct {
		company, pos string // pos "" means Default
		cur          vpos.Currency
		wantBank     *nestpaytest.Server
		wantPOS      string
		wantBankName string
	}{
		{"ACME", "isbank-1", vpos.TRY, f.a, "isbank-1", "isbank"},
		{"acme", "ISBANK-1", vpos.USD, f.a, "isbank-1", "isbank"},
		{"ACME", "", vpos.TRY, f.a, "isbank-1", "isbank"},
		{"Beta", "ziraat-1", vpos.TRY, f.b, "ziraat-1", "ziraat"},
		{"BETA", "", vpos.TRY, f.b, "ziraat-1", "ziraat"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.company+"/"+tt.pos+"/"+string(tt.cur), func(t *testing.T) {
			var c *vpos.Client
			var err error
			if tt.pos == "" {
				c, err = r.Default(tt.company, tt.cur)
			} else {
				c, err = r.Client(tt.company, tt.pos)
			}
			if err != nil {
				t.Fatal(err)
			}
			beforeA, beforeB := f.a.Ledger().Bookings(), f.b.Ledger().Bookings()
			id := fmt.Sprintf("T-%d", f.order.Add(1))
			if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: id, Amount: 2500, Currency: tt.cur, Card: tt.wantBank.Cards().Approve}); err != nil {
				t.Fatalf("sale: %v", err)
			}
			gotA, gotB := f.a.Ledger().Bookings()-beforeA, f.b.Ledger().Bookings()-beforeB
			wantA, wantB := 0, 0
			if tt.wantBank == f.a {
				wantA = 1
			} else {
				wantB = 1
			}
			if gotA != wantA || gotB != wantB {
				t.Errorf("bookings at A, B = %d, %d; want %d, %d", gotA, gotB, wantA, wantB)
			}
			recs, _, err := f.store.List(ctx, vpos.ListFilter{OrderID: id})
			if err != nil || len(recs) != 1 {
				t.Fatalf("records of %s: %d (%v), want 1", id, len(recs), err)
			}
			rec := recs[0]
			wantCompany := "ACME"
			if tt.wantBank == f.b {
				wantCompany = "Beta"
			}
			if rec.Company != wantCompany || rec.POS != tt.wantPOS || rec.Bank != tt.wantBankName {
				t.Errorf("record labels %q/%q/%q, want %q/%q/%q", rec.Company, rec.POS, rec.Bank, wantCompany, tt.wantPOS, tt.wantBankName)
			}
		})
	}
}

func TestClientAndDefaultErrors(t *testing.T) {
	f := newFixture(t)
	r := f.open(t)
	isbank, err := r.Client("ACME", "isbank-1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		get     func() (*vpos.Client, error)
		want    *vpos.Client
		wantErr error
	}{
		{"default TRY", func() (*vpos.Client, error) { return r.Default("ACME", vpos.TRY) }, isbank, nil},
		{"default usd spelled lower", func() (*vpos.Client, error) { return r.Default("ACME", "usd") }, isbank, nil},
		{"default EUR not accepted", func() (*vpos.Client, error) { return r.Default("ACME", vpos.EUR) }, nil, terminals.ErrNoDefault},
		{"single POS is the default, but not for USD", func() (*vpos.Client, error) { return r.Default("Beta", vpos.USD) }, nil, terminals.ErrNoDefault},
		{"unknown company", func() (*vpos.Client, error) { return r.Client("Gamma", "x") }, nil, terminals.ErrUnknownCompany},
		{"unknown company default", func() (*vpos.Client, error) { return r.Default("Gamma", vpos.TRY) }, nil, terminals.ErrUnknownCompany},
		{"unknown POS", func() (*vpos.Client, error) { return r.Client("ACME", "garanti-9") }, nil, terminals.ErrUnknownPOS},
		{"not supported yet", func() (*vpos.Client, error) { return r.Client("ACME", "denizbank-1") }, nil, banks.ErrNotSupportedYet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.get()
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("got %p, %v; want %p, %v", got, err, tt.want, tt.wantErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "terminals: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
	_, err = r.Client("ACME", "denizbank-1")
	if msg := fmt.Sprint(err); !strings.Contains(msg, "ACME") || !strings.Contains(msg, "denizbank-1") || !strings.Contains(msg, "interpos") {
		t.Errorf("not-supported error %q should name the company, the POS and the protocol", msg)
	}
	if got := r.Companies(); strings.Join(got, ",") != "ACME,Beta" {
		t.Errorf("Companies() = %v", got)
	}
}

func TestConcurrentPaymentsDuringReload(t *testing.T) {
	f := newFixture(t)
	r := f.open(t)
	const workers, reloads = 20, 20
	var wg sync.WaitGroup
	var sales atomic.Int64
	stop := make(chan struct{})
	errs := make(chan error, 1000)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			company, bank := "ACME", f.a
			if w%2 == 1 {
				company, bank = "Beta", f.b
			}
			// Pay until the reloads are over, and at least twice.
			for n := 0; ; n++ {
				select {
				case <-stop:
					if n >= 2 {
						return
					}
				default:
				}
				c, err := r.Default(company, vpos.TRY)
				if err == nil {
					err = f.sale(c, vpos.TRY, bank.Cards().Approve)
				}
				if err != nil {
					select {
					case errs <- fmt.Errorf("%s: %w", company, err):
					default:
					}
					continue
				}
				sales.Add(1)
			}
		}()
	}
	before, _ := r.Client("ACME", "isbank-1")
	beta, _ := r.Client("Beta", "ziraat-1")
	for i := range reloads {
		// Alternate ACME's installment limit, so that its Client is
		// rebuilt on every reload while payments run on the old one.
		f.write(t, f.file(6+6*(i%2)))
		if err := r.Reload(); err != nil {
			t.Fatalf("reload %d: %v", i, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := int64(f.a.Ledger().Bookings()+f.b.Ledger().Bookings()), sales.Load(); got != want || want < 2*workers {
		t.Errorf("bookings = %d, completed sales = %d (want equal, at least %d)", got, want, 2*workers)
	}
	after, _ := r.Client("ACME", "isbank-1")
	if after == before {
		t.Error("ACME's changed definition kept its old Client")
	}
	if got := after.Features().MaxInstallments; got != 12 {
		t.Errorf("max installments after the last reload = %d, want 12", got)
	}
	if again, _ := r.Client("Beta", "ziraat-1"); again != beta {
		t.Error("Beta's unchanged definition got a new Client")
	}
}

func TestBrokenReloadKeepsTheOldSet(t *testing.T) {
	f := newFixture(t)
	r := f.open(t)
	old, _ := r.Client("ACME", "isbank-1")
	delete(f.env, "BETA_ZIRAAT_STORE_KEY")
	f.write(t, `companies:
  - name: ACME
    default_pos: nope
    pos:
      - name: isbank-1
        bank: İşbank
        mode: 3d_pay
        environment: test
        credentials:
          client_id: "100100100"
          user: ACMEAPI
          password: ${ACME_ISBANK_PASSWORD}
        source_ip: 10.0.0.300
      - name: isbank-1
        bank: foobank
        mode: 3d
        environment: test
      - name: garanti-1
        bank: garanti
        mode: 3d_host
        urls:
          api: "ftp://bank.example/VPServlet"
          gate3d: https://bank.example/servlet/gt3dengine
        credentials:
          merchant_id: "7000679"
          terminal_id: "30691298"
          prov_password: acme-Pass-7f3a9c1e
          refund_password: ${ACME_ISBANK_PASSWORD}
          store_key: ${ACME_ISBANK_STORE_KEY}
        currencies: [TRY, XYZ]
  - name: Beta
    pos:
      - name: ziraat-1
        bank: ziraat
        mode: 3d
        environment: prod
        credentials:
          client_id: "200200200"
          user: BETAAPI
          password: ${BETA_ZIRAAT_PASSWORD}
          store_key: ${BETA_ZIRAAT_STORE_KEY}
  - name: beta
    pos: []
`)
	err := r.Reload()
	var ve *terminals.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Reload = %v, want a *ValidationError", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"companies[ACME].pos[isbank-1].credentials.store_key: missing",
		"companies[ACME].pos[isbank-1].source_ip: \"10.0.0.300\" is not an IP address",
		"companies[ACME].pos[isbank-1 #2].name: duplicate POS name (also companies[ACME].pos[isbank-1])",
		"companies[ACME].pos[isbank-1 #2].bank: \"foobank\" is not a bank",
		"companies[ACME].pos[garanti-1].mode: 3d_host is not offered by Garanti BBVA",
		"companies[ACME].pos[garanti-1].urls.api: must be an absolute http or https URL",
		"companies[ACME].pos[garanti-1].currencies[1]: \"XYZ\" is not a currency",
		"companies[ACME].default_pos: \"nope\" is not a POS of ACME",
		"companies[Beta].pos[ziraat-1].credentials.store_key: environment variable BETA_ZIRAAT_STORE_KEY is not set",
		"companies[Beta].pos[ziraat-1].environment: \"prod\" is not test or production",
		"companies[beta #3].name: duplicate company name (also companies[Beta])",
		"companies[beta #3].pos: no POS is defined",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q", want)
		}
	}
	if !strings.HasPrefix(msg, fmt.Sprintf("terminals: invalid definitions (%d problems):", len(ve.Problems))) {
		t.Errorf("error summary: %q", strings.SplitN(msg, "\n", 2)[0])
	}
	noSecret(t, "reload error", msg)
	if t.Failed() {
		t.Log(msg)
	}
	// The old set stays and still takes payments.
	now, err := r.Client("ACME", "isbank-1")
	if err != nil || now != old {
		t.Fatalf("after a refused reload: %p, %v; want the old Client %p", now, err, old)
	}
	if err := f.sale(now, vpos.TRY, f.a.Cards().Approve); err != nil {
		t.Errorf("sale on the old set: %v", err)
	}
	if _, err := r.Client("Beta", "ziraat-1"); err != nil {
		t.Errorf("Beta lost its POS: %v", err)
	}
}

func TestDefinitionsMasksSecrets(t *testing.T) {
	f := newFixture(t)
	r := f.open(t)
	defs := r.Definitions()
	acme := defs.Companies[0].POS[0].Credentials
	if acme["password"] != "${ACME_ISBANK_PASSWORD}" || acme["store_key"] != "${ACME_ISBANK_STORE_KEY}" {
		t.Errorf("masked secrets = %q, %q; want their ${} references", acme["password"], acme["store_key"])
	}
	if acme["client_id"] != "100100100" || acme["user"] != "ACMEAPI" {
		t.Errorf("public credentials hidden: %v", map[string]string(acme))
	}
	for _, s := range []string{fmt.Sprintf("%+v", defs), fmt.Sprintf("%#v", defs.Companies), fmt.Sprint(defs.Companies[1].POS[0])} {
		noSecret(t, "Definitions()", s)
	}
	// A literal secret masks as ***; changing the copy changes nothing.
	cfg := &terminals.Config{Companies: []terminals.Company{{Name: "X", POS: []terminals.POS{{
		Name: "p", Bank: "isbank", Mode: banks.Mode3D, Environment: "test",
		Credentials: banks.Credentials{"client_id": "1", "user": "u", "password": "literal-Secret-1", "store_key": "literal-Secret-2"},
	}}}}}
	r2, err := terminals.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := r2.Definitions()
	if got := m.Companies[0].POS[0].Credentials; got["password"] != banks.Masked || got["store_key"] != banks.Masked {
		t.Errorf("literal secrets = %v, want ***", map[string]string(got))
	}
	m.Companies[0].Name = "changed"
	cfg.Companies[0].Name = "changed too"
	if r2.Definitions().Companies[0].Name != "X" {
		t.Error("the registry's definitions changed through a copy")
	}
}

func TestEnvReferences(t *testing.T) {
	f := newFixture(t)
	data := []byte(f.file(12))
	if _, err := terminals.Parse(data, f.lookup); err != nil {
		t.Fatalf("Parse with every variable: %v", err)
	}
	_, err := terminals.Parse(data, nil)
	var ve *terminals.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 5 {
		t.Fatalf("Parse without an environment: %v; want 5 unset variables", err)
	}
	for _, name := range []string{"ACME_ISBANK_PASSWORD", "ACME_ISBANK_STORE_KEY", "BETA_ZIRAAT_PASSWORD", "BETA_ZIRAAT_STORE_KEY", "ACME_POSNET_ENC_KEY"} {
		if !strings.Contains(err.Error(), "environment variable "+name+" is not set") {
			t.Errorf("error does not name %s", name)
		}
	}
	tests := []struct {
		name, value string
		env         map[string]string
		want        string // credential value, or the problem text
		ok          bool
	}{
		{"whole", "${P}", map[string]string{"P": "pw"}, "pw", true},
		{"embedded", "pre-${P}-post", map[string]string{"P": "pw"}, "pre-pw-post", true},
		{"escaped", "a$${P}b", nil, "a${P}b", true},
		{"dollar alone", "a$b$", nil, "a$b$", true},
		{"unterminated", "abc${P", nil, "unterminated ${ reference", false},
		{"malformed", "${not a name}", nil, "malformed ${...} reference", false},
		{"empty variable", "${P}", map[string]string{"P": ""}, "missing; expected the API user password (environment variable P is empty)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := fmt.Sprintf(`companies:
  - name: X
    pos:
      - name: p
        bank: isbank
        mode: 3d
        environment: test
        credentials: {client_id: "1", user: u, password: %q, store_key: k}
`, tt.value)
			cfg, err := terminals.Parse([]byte(doc), func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				if got := cfg.Companies[0].POS[0].Credentials["password"]; got != tt.want {
					t.Errorf("password = %q, want %q", got, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "companies[X].pos[p].credentials.password: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want a problem with %q", err, tt.want)
			}
		})
	}
}

func TestYAMLProblems(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"empty", "", []string{"the definitions file is empty"}},
		{"syntax", "companies:\n  - name: [\n", []string{"line "}},
		{"no companies", "companies: []\n", []string{"companies: no company is defined"}},
		{"unknown key and bad type", `companies:
  - name: X
    pos:
      - name: p
        bank: isbank
        mode: 3d
        environment: test
        max_installments: sixty-seven-secret
        credentials: {client_id: "1", user: u, pasword: x, store_key: k}
`, []string{"line 8: cannot unmarshal !!str (value hidden) into int", "companies[X].pos[p].credentials.password: missing",
			"companies[X].pos[p].credentials.pasword: not a credential of the nestpay protocol"}},
		{"unknown field", `companies:
  - name: X
    colour: blue
    pos: []
`, []string{"line 3: field colour not found in a company"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := terminals.Parse([]byte(tt.doc), nil)
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "sixty-seven-secret") {
				t.Errorf("error shows a value: %v", err)
			}
		})
	}
}

func TestNewReplaceAndNoFile(t *testing.T) {
	f := newFixture(t)
	cfg, err := terminals.Parse([]byte(f.file(12)), f.lookup)
	if err != nil {
		t.Fatal(err)
	}
	r, err := terminals.New(cfg, f.options())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Reload(); !errors.Is(err, terminals.ErrNoFile) {
		t.Errorf("Reload of Go values = %v, want ErrNoFile", err)
	}
	if err := r.Watch(context.Background(), time.Millisecond); !errors.Is(err, terminals.ErrNoFile) {
		t.Errorf("Watch of Go values = %v, want ErrNoFile", err)
	}
	bad := cfg.Clone()
	bad.Companies[1].POS[0].Credentials["store_key"] = ""
	bad.Companies[0].CurrencyDefaults = map[vpos.Currency]string{"EUR": "isbank-1", "QQQ": "isbank-1", "TRY": "none"}
	err = r.Replace(bad)
	for _, want := range []string{
		"companies[Beta].pos[ziraat-1].credentials.store_key: missing",
		"companies[ACME].default_pos_by_currency.EUR: POS isbank-1 does not accept EUR",
		"companies[ACME].default_pos_by_currency.QQQ: \"QQQ\" is not a currency",
		"companies[ACME].default_pos_by_currency.TRY: \"none\" is not a POS of ACME",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Replace error lacks %q: %v", want, err)
		}
	}
	if _, err := r.Client("Beta", "ziraat-1"); err != nil {
		t.Errorf("a refused Replace dropped the old set: %v", err)
	}
	good := cfg.Clone()
	good.Companies[0].CurrencyDefaults = map[vpos.Currency]string{"usd": "isbank-1"}
	good.Companies[0].DefaultPOS = ""
	if err := r.Replace(good); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Default("ACME", vpos.USD); err != nil {
		t.Errorf("default for USD: %v", err)
	}
	if _, err := r.Default("ACME", vpos.TRY); !errors.Is(err, terminals.ErrNoDefault) {
		t.Errorf("default for TRY without default_pos = %v, want ErrNoDefault", err)
	}
}

// canBind reports whether the loopback address ip can be bound here.
func canBind(ip string) bool {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

func TestSourceIPBinding(t *testing.T) {
	if !canBind("127.0.0.2") {
		t.Skip("127.0.0.2 cannot be bound on this host")
	}
	bank := nestpaytest.NewServer(nestpaytest.WithCredentials(credsA))
	defer bank.Close()
	// A recording proxy in front of the fake bank: it notes the address
	// each request came from.
	var mu sync.Mutex
	var seen []string
	target, _ := url.Parse(bank.URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		mu.Lock()
		seen = append(seen, host)
		mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()

	doc := func(user string) string {
		return fmt.Sprintf(`companies:
  - name: ACME
    pos:
      - name: isbank-1
        bank: isbank
        mode: 3d
        urls: {api: %s/fim/api, gate3d: %s/fim/est3Dgate}
        credentials: {client_id: "100100100", user: %s, password: "${P}", store_key: "${K}"}
        source_ip: 127.0.0.2
        registered_ip: 203.0.113.10
`, front.URL, front.URL, user)
	}
	env := map[string]string{"P": credsA.Password, "K": credsA.StoreKey}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cfg, err := terminals.Parse([]byte(doc("ACMEAPI")), lookup)
	if err != nil {
		t.Fatal(err)
	}
	store := vpos.NewMemoryStore()
	r, err := terminals.New(cfg, &terminals.Options{Base: &vpos.Options{Store: store, StatusChecks: -1}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Default("ACME", vpos.TRY)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "IP-1", Amount: 100, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatalf("sale: %v", err)
	}
	mu.Lock()
	got := append([]string(nil), seen...)
	mu.Unlock()
	if len(got) == 0 {
		t.Fatal("the bank saw no request")
	}
	for _, h := range got {
		if h != "127.0.0.2" {
			t.Errorf("the bank saw a request from %s, want 127.0.0.2", h)
		}
	}

	// With credentials the bank refuses, the error names the address the
	// request left from and the registered one.
	bad, err := terminals.Parse([]byte(doc("WRONGUSER")), lookup)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Replace(bad); err != nil {
		t.Fatal(err)
	}
	c, _ = r.Default("ACME", vpos.TRY)
	_, err = c.Sale(ctx, &vpos.SaleRequest{OrderID: "IP-2", Amount: 100, Currency: vpos.TRY, Card: bank.Cards().Approve})
	if vpos.CodeOf(err) != vpos.Auth {
		t.Fatalf("sale with a wrong user = %v, want an auth error", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "127.0.0.2") || !strings.Contains(msg, "203.0.113.10") {
		t.Errorf("auth error %q should name the source IP 127.0.0.2 and the registered IP 203.0.113.10", msg)
	}
	noSecret(t, "auth error", err.Error())
}

func TestSourceIPWithBaseHTTPClient(t *testing.T) {
	f := newFixture(t)
	cfg, err := terminals.Parse([]byte(f.file(12)), f.lookup)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Companies[0].POS[0].SourceIP = "127.0.0.2"
	_, err = terminals.New(cfg, &terminals.Options{Base: &vpos.Options{HTTPClient: f.a.HTTPClient()}})
	if err == nil || !strings.Contains(err.Error(), "companies[ACME].pos[isbank-1].source_ip: cannot bind") {
		t.Errorf("New = %v, want a source_ip problem", err)
	}
}

func TestWatch(t *testing.T) {
	f := newFixture(t)
	outcomes := make(chan error, 10)
	opts := f.options()
	opts.OnReload = func(err error) { outcomes <- err }
	r, err := terminals.Open(f.path, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Watch(ctx, 5*time.Millisecond) }()
	next := func() error {
		t.Helper()
		select {
		case err := <-outcomes:
			return err
		case <-time.After(5 * time.Second):
			t.Fatal("no reload reported")
		}
		return nil
	}

	f.write(t, f.file(4))
	if err := next(); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if c, _ := r.Client("ACME", "isbank-1"); c.Features().MaxInstallments != 4 {
		t.Errorf("watched change not applied: max installments %d", c.Features().MaxInstallments)
	}
	f.write(t, "companies:\n  - name: ACME\n    pos: []\n")
	if err := next(); err == nil || !strings.Contains(err.Error(), "companies[ACME].pos: no POS is defined") {
		t.Errorf("bad file reported as %v", err)
	}
	if _, err := r.Client("Beta", "ziraat-1"); err != nil {
		t.Errorf("the old set was dropped: %v", err)
	}
	f.write(t, f.file(5))
	if err := next(); err != nil {
		t.Fatalf("reload after a bad file: %v", err)
	}
	// A file that disappears is reported once; the set stays.
	if err := os.Remove(f.path); err != nil {
		t.Fatal(err)
	}
	if err := next(); err == nil || !strings.Contains(err.Error(), "terminals: read definitions") {
		t.Errorf("missing file reported as %v", err)
	}
	select {
	case err := <-outcomes:
		t.Errorf("missing file reported twice: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	f.write(t, f.file(5)) // the loaded content again: nothing to reload
	select {
	case err := <-outcomes:
		t.Errorf("unexpected report without a change: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Watch returned %v, want context.Canceled", err)
	}
}

func TestParseNormalizes(t *testing.T) {
	cfg, err := terminals.Parse([]byte(`companies:
  - name: X
    default_pos_by_currency: {tl: p}
    pos:
      - name: p
        bank: isbank
        mode: 3D_PAY
        environment: " Test "
        currencies: [tl, "978"]
        credentials: {client_id: 0700655, user: u, password: pw, store_key: k}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	co := cfg.Companies[0]
	p := co.POS[0]
	if p.Mode != banks.Mode3DPay || p.Environment != "test" || fmt.Sprint(p.Currencies) != "[TRY EUR]" || co.CurrencyDefaults[vpos.TRY] != "p" {
		t.Errorf("normalised: mode %q, environment %q, currencies %v, defaults %v", p.Mode, p.Environment, p.Currencies, co.CurrencyDefaults)
	}
	if p.Credentials["client_id"] != "0700655" {
		t.Errorf("client_id = %q, want the digits as written", p.Credentials["client_id"])
	}
}
