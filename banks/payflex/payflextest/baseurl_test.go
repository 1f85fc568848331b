package payflextest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/banks/payflex/payflextest"
)

// TestHandlerWithBaseURL checks that WithBaseURL moves the URLs the bank
// gives out and that Handler serves the bank's routes when mounted under
// a prefix.
func TestHandlerWithBaseURL(t *testing.T) {
	plain := payflextest.NewServer()
	defer plain.Close()
	if plain.URL() == "" || !strings.HasPrefix(plain.VPOSURL(), plain.URL()) {
		t.Errorf("without WithBaseURL: URL %q, API %q", plain.URL(), plain.VPOSURL())
	}
	s := payflextest.NewServer(payflextest.WithBaseURL("http://sim.example:8090/bank/"))
	defer s.Close()
	if got, want := s.URL(), "http://sim.example:8090/bank"; got != want {
		t.Errorf("URL() = %q, want %q", got, want)
	}
	if got, want := s.VPOSURL(), "http://sim.example:8090/bank"+payflextest.VPOSPath; got != want {
		t.Errorf("VPOSURL() = %q, want %q", got, want)
	}
	mux := http.NewServeMux()
	mux.Handle("/bank/", http.StripPrefix("/bank", s.Handler()))
	for path, want := range map[string]bool{"/bank" + payflextest.VPOSPath: true, "/bank/no-such-page": false} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader("")))
		if found := rec.Code != http.StatusNotFound; found != want {
			t.Errorf("POST %s: status %d, want found=%v", path, rec.Code, want)
		}
	}
}
