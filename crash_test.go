package vpos_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/store/sqlite"
	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// The crash test: a process is killed (SIGKILL) after the bank booked a
// sale and before the reply was stored. After a restart the record is
// found unknown, a second charge of the order is refused, and the Resolver
// settles it from the bank's status: exactly one charge, recorded approved.

const crashOrder = "CRASH-0001"

// TestCrashChild is the process that gets killed.
func TestCrashChild(t *testing.T) {
	db := os.Getenv("VPOS_CRASH_DB")
	if db == "" {
		t.Skip("runs only as the child process of TestCrashBetweenSendAndStore")
	}
	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c, err := refpos.Open(refpos.Config{Endpoint: os.Getenv("VPOS_CRASH_URL"), MerchantID: os.Getenv("VPOS_CRASH_MERCHANT"),
		Password: os.Getenv("VPOS_CRASH_PASSWORD"), StoreKey: os.Getenv("VPOS_CRASH_KEY")},
		&vpos.Options{Store: store, Company: "ACME", POS: "main", Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	card := vpostest.DefaultCards(time.Now()).Approve
	// The bank books this and then never answers; the parent kills us here.
	_, err = c.Sale(ctx, &vpos.SaleRequest{OrderID: crashOrder, Amount: 123456, Currency: vpos.TRY, Card: card})
	t.Fatalf("the sale returned (%v); the parent should have killed this process first", err)
}

func TestCrashBetweenSendAndStore(t *testing.T) {
	if os.Getenv("VPOS_CRASH_DB") != "" {
		t.Skip("this is the child process")
	}
	ctx := context.Background()
	bank := refpos.NewBank()
	defer bank.Close()
	m, pw, key := bank.Credentials()
	db := filepath.Join(t.TempDir(), "vpos.db")
	bank.Faults().Arm(vpostest.FaultHangAfterBook)

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "VPOS_CRASH_DB="+db, "VPOS_CRASH_URL="+bank.URL(),
		"VPOS_CRASH_MERCHANT="+m, "VPOS_CRASH_PASSWORD="+pw, "VPOS_CRASH_KEY="+key)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for bank.Ledger().Bookings() == 0 {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the bank never booked the child's sale; child output:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred code runs
		t.Fatal(err)
	}
	_ = cmd.Wait()
	bank.Faults().Arm(vpostest.FaultNone)
	bank.Faults().Release()

	// Restart: a new process would open the same file.
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	recs, err := store.FindOrder(ctx, "ACME", "main", crashOrder)
	if err != nil || len(recs) != 1 || recs[0].Status != vpos.StatusUnknown {
		t.Fatalf("after the crash: records %+v, %v; want one unknown record", recs, err)
	}
	c, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: m, Password: pw, StoreKey: key},
		&vpos.Options{Store: store, Company: "ACME", POS: "main"})
	if err != nil {
		t.Fatal(err)
	}
	// The ERP retries the order: refused without reaching the bank.
	before := bank.Faults().Requests()
	_, err = c.Sale(ctx, &vpos.SaleRequest{OrderID: crashOrder, Amount: 123456, Currency: vpos.TRY, Card: bank.Cards().Approve})
	if !errors.Is(err, vpos.ErrDuplicate) || bank.Faults().Requests() != before {
		t.Fatalf("second sale after the crash = %v (%d requests); want ErrDuplicate and none", err, bank.Faults().Requests()-before)
	}
	r := vpos.NewResolver(c)
	r.UnknownAge = 0
	rep, err := r.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Approved != 1 || rep.Checked != 1 {
		t.Errorf("resolver report = %+v, want one approved", *rep)
	}
	recs, _ = store.FindOrder(ctx, "ACME", "main", crashOrder)
	if len(recs) != 1 || recs[0].Status != vpos.StatusApproved || recs[0].Amount != 123456 || recs[0].BankTransactionID == "" {
		t.Errorf("after resolving: %+v, want one approved record of 123456 with the bank's transaction id", recs)
	}
	if got := bank.Ledger().Bookings(); got != 1 {
		t.Errorf("bank bookings = %d, want exactly 1", got)
	}
	if rep, _ := r.Run(ctx); rep.Checked != 0 {
		t.Errorf("second resolver run checked %d, want 0", rep.Checked)
	}
}
