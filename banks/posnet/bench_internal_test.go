package posnet

import (
	"testing"

	"github.com/sanalpos/vpos"
)

var benchSale = &vpos.SaleRequest{OrderID: "BENCH_1", Amount: 15075, Currency: vpos.TRY, Installments: 3,
	Card: vpos.Card{Number: "4048095010857528", ExpMonth: 5, ExpYear: 2028, CVV: "454"}}

// BenchmarkBuildSale builds and encodes a sale request (no I/O).
func BenchmarkBuildSale(b *testing.B) {
	p := testProvider(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.encode(chargeRequest("sale", benchSale)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaleRoundTrip builds a sale request and parses an approved
// reply into a Result (no I/O).
func BenchmarkSaleRoundTrip(b *testing.B) {
	p := testProvider(b)
	body := []byte(replyApproved)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.encode(chargeRequest("sale", benchSale)); err != nil {
			b.Fatal(err)
		}
		rep, err := parseReply(body)
		if err != nil {
			b.Fatal(err)
		}
		_ = p.result(vpos.OpSale, benchSale.OrderID, rep)
	}
}

// BenchmarkMAC computes the 3-D Secure request MAC (posnet.md §6.2).
func BenchmarkMAC(b *testing.B) {
	for b.Loop() {
		_ = RequestMAC("000000002020110828BC", "10001", "TL", exMID, FirstHash(exEncKey, exTID))
	}
}
