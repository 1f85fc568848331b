package payflex

import (
	"testing"

	"github.com/sanalpos/vpos"
)

func benchSale() *vpos.SaleRequest {
	return &vpos.SaleRequest{
		OrderID: "202303095646", Amount: 10025, Currency: vpos.TRY,
		Card:       vpos.Card{Number: "4938410157705591", ExpMonth: 12, ExpYear: 2029, CVV: "453"},
		CustomerIP: "192.0.2.10",
	}
}

// BenchmarkBuildSale builds a Sale VposRequest and its prmstr body (PayFlex
// signs nothing: no hash).
func BenchmarkBuildSale(b *testing.B) {
	p := testProvider(b)
	req := benchSale()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.cfg.encode(p.cfg.chargeRequest(typeSale, req)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaleRoundTrip builds a sale request, then parses the approved
// reply of payflex.md §10.2 and turns it into a Result: everything the
// adapter does for a sale but the network.
func BenchmarkSaleRoundTrip(b *testing.B) {
	p := testProvider(b)
	req := benchSale()
	reply := []byte(sampleSaleApproved)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.cfg.encode(p.cfg.chargeRequest(typeSale, req)); err != nil {
			b.Fatal(err)
		}
		rep, err := parseReply(reply)
		if err != nil {
			b.Fatal(err)
		}
		if res := p.result(vpos.OpSale, req.OrderID, rep); !res.Approved {
			b.Fatal("not approved")
		}
	}
}

// BenchmarkParseCallback reads an MPI callback and checks its
// VerifyEnrollmentRequestId MAC.
func BenchmarkParseCallback(b *testing.B) {
	p := testProvider(b)
	form := sampleCallback(b, p, "202303095646")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.ParseCallback(b.Context(), form); err != nil {
			b.Fatal(err)
		}
	}
}
