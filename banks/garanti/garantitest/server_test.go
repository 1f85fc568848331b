package garantitest_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sanalpos/vpos/banks/garanti/garantitest"
)

func TestCredentials(t *testing.T) {
	def := garantitest.DefaultCredentials()
	if def.TerminalID != "30691297" || def.ProvUser != "PROVAUT" || def.RefundUser != "PROVRFN" || len(def.StoreKey) < 20 {
		t.Errorf("DefaultCredentials = %s", def)
	}
	for _, s := range []string{def.String(), fmt.Sprintf("%v %#v", def, def)} {
		for _, secret := range []string{def.ProvPassword, def.RefundPassword, def.StoreKey} {
			if strings.Contains(s, secret) {
				t.Errorf("formatted credentials %q leak a secret", s)
			}
		}
	}
	c := newClient(t, garantitest.WithCredentials(garantitest.Credentials{TerminalID: "10000001", StoreKey: "another-store-key"}))
	got := c.bank.Credentials()
	if got.TerminalID != "10000001" || got.StoreKey != "another-store-key" || got.MerchantID != def.MerchantID || got.ProvPassword != def.ProvPassword {
		t.Errorf("WithCredentials: got %s, want terminal 10000001 and the other defaults", got)
	}
	c.sale("sales", "CRED-1", "100") // the helpers sign with the server's credentials
	if !strings.HasSuffix(c.bank.APIURL(), "/VPServlet") || !strings.HasSuffix(c.bank.GateURL(), "/servlet/gt3dengine") {
		t.Errorf("APIURL %s GateURL %s", c.bank.APIURL(), c.bank.GateURL())
	}
}

func TestParallelSales(t *testing.T) {
	c := newClient(t)
	card := c.bank.Cards().Approve
	var wg sync.WaitGroup
	rrns := make([]string, 20)
	for i := range rrns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := c.send(&tx{typ: "sales", orderID: fmt.Sprintf("PAR-%02d", i), amount: "1000", card: &card})
			if err != nil || r.code() != "00/00" {
				t.Errorf("sale %d: %v %v", i, err, r)
				return
			}
			rrns[i] = r.Transaction.RetrefNum
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, r := range rrns {
		if seen[r] {
			t.Errorf("RetrefNum %s repeated", r)
		}
		seen[r] = true
	}
	if got := c.bank.Ledger().Bookings(); got != 20 {
		t.Errorf("Bookings = %d, want 20", got)
	}
}
