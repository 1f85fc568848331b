package posnetv1

import (
	"testing"

	"github.com/sanalpos/vpos"
)

// BenchmarkBuildSale builds, signs and encodes a sale request (no I/O).
func BenchmarkBuildSale(b *testing.B) {
	p := testProvider(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.encode(p.chargeRequest("Sale", benchSale)); err != nil {
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
		if _, err := p.encode(p.chargeRequest("Sale", benchSale)); err != nil {
			b.Fatal(err)
		}
		rep, err := parseReply(body)
		if err != nil {
			b.Fatal(err)
		}
		_ = p.result(vpos.OpSale, benchSale.OrderID, rep)
	}
}

// BenchmarkMAC computes the 3-D Secure form MAC (posnet.md §10).
func BenchmarkMAC(b *testing.B) {
	for b.Loop() {
		_ = FormMAC("6700950031", "67540050", "5400619360964581", "056", "2001", "175", testEncKey)
	}
}
