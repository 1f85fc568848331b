package vpos_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

func TestAuthErrorNamesSourceAndRegisteredIP(t *testing.T) {
	bank := refpos.NewBank()
	defer bank.Close()
	m, _, key := bank.Credentials()
	tests := []struct {
		registered string
		want       string
	}{
		{"", "no registered IP is recorded"},
		{"203.0.113.7", "the IP registered at the bank for this POS is 203.0.113.7: have the bank allow-list 127.0.0.1"},
		{"127.0.0.1", "the IP registered at the bank; check the credentials"},
	}
	for _, tt := range tests {
		c, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: m, Password: "wrong-password-1234", StoreKey: key},
			&vpos.Options{RegisteredIP: tt.registered})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Sale(context.Background(), &vpos.SaleRequest{OrderID: "IP-1", Amount: 100, Currency: vpos.TRY, Card: bank.Cards().Approve})
		if !errors.Is(err, vpos.ErrAuth) {
			t.Fatalf("Sale with a wrong password = %v, want ErrAuth", err)
		}
		if !strings.Contains(err.Error(), "the request left from 127.0.0.1") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("registered %q: error %q lacks the source IP or %q", tt.registered, err, tt.want)
		}
	}
}

func TestClientAs(t *testing.T) {
	bank := refpos.NewBank()
	defer bank.Close()
	m, pw, key := bank.Credentials()
	c, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: m, Password: pw, StoreKey: key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var p *refpos.Provider
	if !c.As(&p) || p == nil {
		t.Errorf("As(*refpos.Provider) = false, want the provider")
	}
	var r vpos.Reporter
	if !c.As(&r) || r == nil {
		t.Errorf("As(vpos.Reporter) = false")
	}
	var s *strings.Builder
	if c.As(&s) || c.As(nil) || c.As(p) {
		t.Errorf("As accepted a foreign type, nil or a non-pointer target")
	}
}

func TestExchangesReachHooksAndLogger(t *testing.T) {
	bank := refpos.NewBank()
	defer bank.Close()
	m, pw, key := bank.Credentials()
	var mu sync.Mutex
	var got []vpos.Exchange
	var logs strings.Builder
	c, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: m, Password: pw, StoreKey: key}, &vpos.Options{
		Company: "ACME", POS: "main",
		Hooks:  []vpos.Hook{vpos.HookFunc(func(_ context.Context, ex vpos.Exchange) { mu.Lock(); got = append(got, ex); mu.Unlock() })},
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	card := bank.Cards().Approve
	if _, err := c.Sale(context.Background(), &vpos.SaleRequest{OrderID: "H-1", Amount: 100, Currency: vpos.TRY, Card: card}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("exchanges = %d, want 1", len(got))
	}
	ex := got[0]
	if ex.Company != "ACME" || ex.POS != "main" || ex.Bank != "refpos" || ex.Op != vpos.OpSale || ex.OrderID != "H-1" ||
		ex.TxStatus != vpos.StatusApproved || ex.Status != 200 || !strings.HasPrefix(ex.SourceAddr, "127.0.0.1:") {
		t.Errorf("exchange = %+v", ex)
	}
	for _, text := range []string{ex.Request, ex.Response, logs.String()} {
		for _, secret := range []string{card.Number, pw, key} {
			if strings.Contains(text, secret) {
				t.Errorf("a card number or secret reached a hook or the log")
			}
		}
	}
	if !strings.Contains(logs.String(), `"order_id":"H-1"`) || !strings.Contains(logs.String(), card.Masked()) {
		t.Errorf("log lacks the order or the masked card:\n%s", logs.String())
	}
}
