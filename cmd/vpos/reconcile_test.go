package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/terminals"
	"github.com/sanalpos/vpos/vpostest"
)

// e2eBank is a fake bank and the definitions file line of its POS.
type e2eBank struct {
	fake   fakeBank
	bank   string
	yaml   string
	export func(from, to time.Time) []byte // nil: the bank has History
}

func nestpayBank(t *testing.T) e2eBank {
	np := nestpaytest.NewServer()
	t.Cleanup(np.Close)
	c := np.Credentials()
	return e2eBank{fake: np, bank: "isbank", export: np.PortalExport, yaml: fmt.Sprintf(`
      - name: pos1
        bank: isbank
        mode: regular
        urls: {api: %q, gate3d: %q}
        credentials: {client_id: %q, user: %q, password: %q, store_key: %q}
`, np.APIURL(), np.GateURL(), c.ClientID, c.User, c.Password, c.StoreKey)}
}

func garantiBank(t *testing.T) e2eBank {
	gr := garantitest.NewServer()
	t.Cleanup(gr.Close)
	c := gr.Credentials()
	return e2eBank{fake: gr, bank: "garanti", yaml: fmt.Sprintf(`
      - name: pos1
        bank: garanti
        mode: regular
        urls: {api: %q, gate3d: %q}
        credentials: {merchant_id: %q, terminal_id: %q, prov_user: %q, prov_password: %q, refund_user: %q, refund_password: %q, store_key: %q}
`, gr.APIURL(), gr.GateURL(), c.MerchantID, c.TerminalID, c.ProvUser, c.ProvPassword, c.RefundUser, c.RefundPassword, c.StoreKey)}
}

type jsonRep struct {
	Counts map[string]int `json:"counts"`
	Items  []struct {
		Category string `json:"category"`
		Local    *struct {
			OrderID string `json:"order_id"`
			Op      string `json:"op"`
		} `json:"local"`
		Bank *struct {
			OrderID string `json:"order_id"`
			Op      string `json:"op"`
		} `json:"bank"`
	} `json:"items"`
}

// discrepancies lists "category order/op" of the non-matched items.
func (r jsonRep) discrepancies() []string {
	var out []string
	for _, it := range r.Items {
		if it.Category == "matched" {
			continue
		}
		side := it.Bank
		if it.Local != nil {
			side = it.Local
		}
		out = append(out, it.Category+" "+side.OrderID+"/"+side.Op)
	}
	slices.Sort(out)
	return out
}

func TestReconcileEndToEnd(t *testing.T) {
	for name, open := range map[string]func(*testing.T) e2eBank{"nestpay portal export": nestpayBank, "garanti history": garantiBank} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			b := open(t)
			dir := t.TempDir()
			cfgPath, db := filepath.Join(dir, "defs.yaml"), filepath.Join(dir, "vpos.db")
			if err := os.WriteFile(cfgPath, []byte("companies:\n  - name: ACME\n    pos:"+b.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			store, closeStore, err := openStore(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			reg, err := terminals.Open(cfgPath, &terminals.Options{Base: &vpos.Options{Store: store}})
			if err != nil {
				t.Fatal(err)
			}
			client, err := reg.Client("ACME", "pos1")
			if err != nil {
				t.Fatal(err)
			}
			run := fmt.Sprintf("%d", time.Now().UnixNano()%1_000_000)
			id := func(s string) string { return "E2E" + run + s }
			card := b.fake.Cards().Approve
			sale := func(order string, amount vpos.Amount) {
				t.Helper()
				if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: order, Amount: amount, Currency: vpos.TRY, Card: card, CustomerIP: "203.0.113.10"}); err != nil {
					t.Fatalf("sale %s: %v", order, err)
				}
			}
			sale(id("A"), 125050)
			sale(id("B"), 30000)
			if _, err := client.Void(ctx, &vpos.VoidRequest{OrderID: id("B")}); err != nil {
				t.Fatal(err)
			}
			sale(id("C"), 45000)
			sale(id("E"), 80000)
			if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: id("E"), Amount: 20000}); err != nil {
				t.Fatal(err)
			}
			// At the bank only: a sale whose callback was lost, and a void
			// made in the bank's portal, through a Client whose records go
			// elsewhere (the bank books them, our store never hears).
			elsewhere, err := terminals.Open(cfgPath, &terminals.Options{Base: &vpos.Options{Store: vpos.NewMemoryStore()}})
			if err != nil {
				t.Fatal(err)
			}
			portal, _ := elsewhere.Client("ACME", "pos1")
			if _, err := portal.Sale(ctx, &vpos.SaleRequest{OrderID: id("D"), Amount: 9900, Currency: vpos.TRY, Card: card, CustomerIP: "203.0.113.10"}); err != nil {
				t.Fatal(err)
			}
			recs, _ := store.FindOrder(ctx, "ACME", "pos1", id("C"))
			if len(recs) != 1 {
				t.Fatalf("got %d records of C, want 1", len(recs))
			}
			if _, err := portal.Void(ctx, &vpos.VoidRequest{OrderID: id("C"), Amount: 45000, Currency: vpos.TRY, BankTransactionID: recs[0].BankTransactionID}); err != nil {
				t.Fatal(err)
			}
			if b.export != nil { // and one booked straight into the bank's books
				if _, err := b.fake.Ledger().Authorize(vpostest.KindSale, id("F"), 1250, vpos.TRY, 1, card.Number, ""); err != nil {
					t.Fatal(err)
				}
			}
			closeStore()

			now := time.Now()
			date := now.In(vpos.Istanbul()).Format(time.DateOnly)
			args := []string{"reconcile", "--config", cfgPath, "--company", "ACME", "--pos", "pos1", "--date", date, "--db", db}
			if b.export != nil {
				from, to := vpos.IstanbulDay(now)
				file := filepath.Join(dir, "export.csv")
				if err := os.WriteFile(file, b.export(from, to), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--bank-file", file, "--mapping", "nestpay")
			}
			reconcileRun := func(extra ...string) (int, string, string) {
				var out, errb bytes.Buffer
				code := run2(append(slices.Clone(args), extra...), &out, &errb)
				return code, out.String(), errb.String()
			}

			code, out, stderr := reconcileRun("--format", "json")
			if code != 1 {
				t.Fatalf("first run: got exit %d, want 1\n%s%s", code, out, stderr)
			}
			var rep jsonRep
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			want := []string{"missing_locally " + id("C") + "/void", "missing_locally " + id("D") + "/sale"}
			entered := 2
			if b.export != nil {
				want, entered = append(want, "missing_locally "+id("F")+"/sale"), 3
			}
			if got := rep.discrepancies(); !slices.Equal(got, want) {
				t.Errorf("got discrepancies %q, want %q\n%s", got, want, out)
			}
			if got := rep.Counts["matched"]; got < 6 {
				t.Errorf("got %d matched, want at least 6 (A, B+void, C, E+refund)", got)
			}

			code, out, stderr = reconcileRun("--apply", "--reason", "callback lost; portal void", "--operator", "ayse")
			if want := fmt.Sprintf("applied: %d entered, 1 updated", entered); code != 0 || !strings.Contains(stderr, want) {
				t.Fatalf("apply: got exit %d, stderr %q, want 0 and %q\n%s", code, stderr, want, out)
			}
			code, out, stderr = reconcileRun("--apply", "--reason", "again", "--operator", "ayse")
			if code != 0 || !strings.Contains(stderr, "applied: 0 entered, 0 updated, 0 marked for review") {
				t.Fatalf("second apply: got exit %d, stderr %q, want nothing changed\n%s", code, stderr, out)
			}
			code, out, stderr = reconcileRun()
			if code != 0 || !strings.Contains(out, "all matched") {
				t.Fatalf("after apply: got exit %d, want 0 and all matched\n%s%s", code, out, stderr)
			}

			// The entered records are in the list, marked as reconciled.
			var list bytes.Buffer
			if code := run2([]string{"tx", "list", "--db", db, "--company", "ACME", "--date", date}, &list, &list); code != 0 {
				t.Fatalf("tx list: exit %d\n%s", code, list.String())
			}
			if got := strings.Count(list.String(), "reconcile\n"); got != entered {
				t.Errorf("got %d reconciled records in tx list, want %d\n%s", got, entered, list.String())
			}
			if strings.Contains(list.String(), card.Number) {
				t.Error("tx list shows a full card number")
			}
			var export bytes.Buffer
			if code := run2([]string{"tx", "export", "--db", db, "--status", "voided"}, &export, &export); code != 0 {
				t.Fatalf("tx export: exit %d\n%s", code, export.String())
			}
			if got := strings.Count(export.String(), "\n"); got != 3 {
				t.Errorf("got %d lines of voided export, want 3 (header, B, C)\n%s", got, export.String())
			}
		})
	}
}

// run2 is run, for tests.
func run2(args []string, stdout, stderr *bytes.Buffer) int { return run(args, stdout, stderr) }
