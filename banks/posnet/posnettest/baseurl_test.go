package posnettest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/banks/posnet/posnettest"
)

// TestHandlerWithBaseURL checks that WithBaseURL moves the URLs the bank
// gives out and that Handler serves the bank's routes when mounted under
// a prefix.
func TestHandlerWithBaseURL(t *testing.T) {
	plain := posnettest.NewServer()
	defer plain.Close()
	if plain.URL() == "" || !strings.HasPrefix(plain.APIURL(), plain.URL()) {
		t.Errorf("without WithBaseURL: URL %q, API %q", plain.URL(), plain.APIURL())
	}
	s := posnettest.NewServer(posnettest.WithBaseURL("http://sim.example:8090/bank/"))
	defer s.Close()
	if got, want := s.URL(), "http://sim.example:8090/bank"; got != want {
		t.Errorf("URL() = %q, want %q", got, want)
	}
	if got, want := s.APIURL(), "http://sim.example:8090/bank"+posnettest.APIPath; got != want {
		t.Errorf("APIURL() = %q, want %q", got, want)
	}
	mux := http.NewServeMux()
	mux.Handle("/bank/", http.StripPrefix("/bank", s.Handler()))
	for path, want := range map[string]bool{"/bank" + posnettest.APIPath: true, "/bank/no-such-page": false} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader("")))
		if found := rec.Code != http.StatusNotFound; found != want {
			t.Errorf("POST %s: status %d, want found=%v", path, rec.Code, want)
		}
	}
}
