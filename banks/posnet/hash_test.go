package posnet

import "testing"

// The worked examples of posnet.md §6.4.
const (
	exMID      = "6706598320"
	exTID      = "67005551"
	exEncKey   = "10,10,10,10,10,10,10,10"
	exFirstHsh = "c1PPl+2UcdixyhgLYnf4VfJyFGaNQNOwE0uMkci7Uag="
)

func TestFirstHash(t *testing.T) {
	if got := FirstHash(exEncKey, exTID); got != exFirstHsh {
		t.Errorf("FirstHash = %q, want %q", got, exFirstHsh)
	}
}

func TestRequestMAC(t *testing.T) {
	for _, tc := range []struct{ xid, amount, cur, want string }{
		{"TST_190620093100_024", "175", "TL", "nyeFSQ4J9NZVeCcEGCDomM8e2YIvoeIa/IDh2D3qaL4="},
		{xid("2020110828BC"), "10001", "TL", "oE7zwV87uOc2DFpGPlr4jQRQ0z9LsxGw56c7vaiZkTo="},
	} {
		if got := RequestMAC(tc.xid, tc.amount, tc.cur, exMID, exFirstHsh); got != tc.want {
			t.Errorf("RequestMAC(%s, %s) = %q, want %q", tc.xid, tc.amount, got, tc.want)
		}
	}
	if got := xid("2020110828BC"); got != "000000002020110828BC" {
		t.Errorf("xid = %q", got)
	}
}

func TestResponseMAC(t *testing.T) {
	want := "7I9ojRm7yzvZZTFNOYWocGIGSTv2Vmq23STR6X6X+c0="
	if got := ResponseMAC("9", "00000000000000000895", "100", "TL", exMID, exFirstHsh); got != want {
		t.Errorf("ResponseMAC = %q, want %q", got, want)
	}
}
