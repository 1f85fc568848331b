package vpostest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sanalpos/vpos/vpostest"
)

func TestFakeBank(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var b *vpostest.FakeBank
	routes := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.Count(r.URL.Path)
		io.WriteString(w, "ok")
	})
	b = vpostest.NewFakeBank(vpostest.FakeBankConfig{Clock: func() time.Time { return at }}, routes)
	defer b.Close()

	if !b.Now().Equal(at) {
		t.Errorf("Now = %v, want %v", b.Now(), at)
	}
	if got, want := b.Cards(), vpostest.DefaultCards(at); got.ThreeD != want.ThreeD {
		t.Errorf("Cards = %+v, want the default cards", got)
	}
	if b.Ledger() == nil || b.Faults() == nil || b.HTTPClient() == nil {
		t.Fatal("Ledger, Faults or HTTPClient is nil")
	}
	for range 2 {
		resp, err := b.HTTPClient().Get(b.URL() + "/api")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if got := b.Requests("/api"); got != 2 {
		t.Errorf("Requests(/api) = %d, want 2", got)
	}
	if got := b.Faults().Requests(); got != 2 {
		t.Errorf("Faults().Requests() = %d, want 2", got)
	}

	// Handler mounted elsewhere serves the same routes through the faults.
	b.Faults().Arm(vpostest.FaultHTTP500)
	mount := httptest.NewServer(b.Handler())
	defer mount.Close()
	resp, err := http.Get(mount.URL + "/api")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("armed FaultHTTP500 through Handler: status %d", resp.StatusCode)
	}

	b.Close()
	b.Close() // a second Close is a no-op
}

func TestFakeBankBaseURL(t *testing.T) {
	b := vpostest.NewFakeBank(vpostest.FakeBankConfig{BaseURL: "http://127.0.0.1:8090/bank/"}, http.NotFoundHandler())
	defer b.Close()
	if got := b.URL(); got != "http://127.0.0.1:8090/bank" {
		t.Errorf("URL = %q", got)
	}
	cards := vpostest.DefaultCards(time.Now())
	cards.ThreeD.Number = "4000000000000002"
	c := vpostest.NewFakeBank(vpostest.FakeBankConfig{Cards: &cards}, http.NotFoundHandler())
	defer c.Close()
	if c.Cards().ThreeD.Number != cards.ThreeD.Number {
		t.Errorf("Cards().ThreeD = %v, want the configured card", c.Cards().ThreeD)
	}
}
