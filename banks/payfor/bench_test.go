package payfor_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payfor"
)

var benchSeq atomic.Int64

func benchOrder() string { return fmt.Sprintf("BENCH%015d", benchSeq.Add(1)) }

func benchCard() vpos.Card {
	return vpos.Card{Number: "4155650100416111", ExpMonth: 1, ExpYear: 2030, CVV: "123", Holder: "Ayşe Yılmaz"}
}

// BenchmarkClientSale is a full sale through vpos.Client (validation,
// store, at-most-once bookkeeping, redacted exchange, request build, reply
// parse) against a loopback bank. Compare with BenchmarkProviderSale: the
// difference is the Client's own work.
func BenchmarkClientSale(b *testing.B) {
	bank := newLoopbackBank()
	defer bank.Close()
	client, err := payfor.Open(bank.config(), nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: benchOrder(), Amount: 10025, Currency: vpos.TRY, Card: benchCard(),
			CustomerIP: "192.0.2.10"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProviderSale is the same sale through the Provider alone
// (request build, vpos.Transport, reply parse).
func BenchmarkProviderSale(b *testing.B) {
	bank := newLoopbackBank()
	defer bank.Close()
	p, err := payfor.New(bank.config(), nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := p.Sale(ctx, &vpos.SaleRequest{OrderID: benchOrder(), Amount: 10025, Currency: vpos.TRY, Card: benchCard()})
		if err != nil || !res.Approved {
			b.Fatalf("got %+v, %v", res, err)
		}
	}
}
