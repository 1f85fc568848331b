package posnettest_test

import (
	"testing"

	"github.com/sanalpos/vpos/banks/posnet/posnettest"
)

// The worked examples of posnet.md §6.4.
func TestMACWorkedExamples(t *testing.T) {
	const enc, tid, mid = "10,10,10,10,10,10,10,10", "67005551", "6706598320"
	fh := posnettest.FirstHash(enc, tid)
	for _, c := range []struct{ name, got, want string }{
		{"firstHash", fh, "c1PPl+2UcdixyhgLYnf4VfJyFGaNQNOwE0uMkci7Uag="},
		{"request mac", posnettest.RequestMAC("TST_190620093100_024", "175", "TL", mid, fh), "nyeFSQ4J9NZVeCcEGCDomM8e2YIvoeIa/IDh2D3qaL4="},
		{"request mac padded", posnettest.RequestMAC("000000002020110828BC", "10001", "TL", mid, fh), "oE7zwV87uOc2DFpGPlr4jQRQ0z9LsxGw56c7vaiZkTo="},
		{"response mac", posnettest.ResponseMAC("9", "00000000000000000895", "100", "TL", mid, fh), "7I9ojRm7yzvZZTFNOYWocGIGSTv2Vmq23STR6X6X+c0="},
		{"test helper", tH(enc + ";" + tid), "c1PPl+2UcdixyhgLYnf4VfJyFGaNQNOwE0uMkci7Uag="},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}
