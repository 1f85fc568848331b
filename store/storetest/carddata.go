package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// Card data and stores.
//
// Redaction is the writer's job: the Client masks the PAN (vpos.MaskPAN)
// and passes bank messages and event details through the redactor before
// anything reaches the store, and it never has a CVV in text. A store's
// duty is to keep what it is given exactly: never add data, never undo a
// mask (a store that "normalised" "435508******4358" or re-assembled
// fields would). The suite therefore checks two things:
//
//  1. records written the way the Client writes them, from the raw text a
//     careless bank reply or caller would carry, come back exactly as
//     given (masked) from every read method, and none holds card data;
//  2. a Client driven against the store with the fake bank's cards (approved,
//     declined for every reason, refunded, voided, a 3-D Secure payment
//     started) leaves no full card number and no CVV in any record, while
//     the records do carry the masked numbers (so the check is not vacuous).
//
// cardData is the detector; its own test (card_test.go) and the
// preconditions below show that it finds what it looks for.

// digitRuns returns the digit runs of s, digits grouped by single spaces or
// dashes counting as one run ("4355 0843-5508" is "435508435508").
func digitRuns(s string) []string {
	var runs []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			runs = append(runs, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			cur.WriteByte(c)
		case (c == ' ' || c == '-') && cur.Len() > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			// a separator inside a grouped number
		default:
			flush()
		}
	}
	flush()
	return runs
}

func luhn(digits string) bool {
	sum := 0
	for i := range len(digits) {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// cardData describes the card data in s ("" when there is none): a run of
// 13 to 19 digits that passes the Luhn check (a card number), or one of the
// given card numbers or CVVs inside a digit run.
func cardData(s string, pans, cvvs []string) string {
	for _, run := range digitRuns(s) {
		if len(run) >= 13 && len(run) <= 19 && luhn(run) {
			return fmt.Sprintf("card number %s", run)
		}
		for _, p := range pans {
			if strings.Contains(run, p) {
				return fmt.Sprintf("card number %s", p)
			}
		}
		for _, c := range cvvs {
			if strings.Contains(run, c) {
				return fmt.Sprintf("CVV %s", c)
			}
		}
	}
	return ""
}

// recordCardData checks every string of a record, its events included, and
// describes what it finds ("" for nothing).
func recordCardData(tx *vpos.Transaction, pans, cvvs []string) string {
	var found []string
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			c := cvvs
			if path == "record "+tx.OrderID+".ID" {
				// The store's own id: random hex digits may spell a CVV.
				c = nil
			}
			if d := cardData(v.String(), pans, c); d != "" {
				found = append(found, fmt.Sprintf("%s holds %s (%q)", path, d, v.String()))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(path+"."+v.Type().Field(i).Name, v.Field(i))
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		case reflect.Pointer:
			if !v.IsNil() {
				walk(path, v.Elem())
			}
		}
	}
	walk("record "+tx.OrderID, reflect.ValueOf(tx))
	return strings.Join(found, "; ")
}

// readBack returns every record of the store through each read method:
// List (all pages), and Get, FindOrder and FindBankID of each.
func readBack(t *testing.T, s vpos.Store) map[string][]*vpos.Transaction {
	t.Helper()
	ctx := t.Context()
	out := map[string][]*vpos.Transaction{}
	for _, tx := range listAll(t, s, vpos.ListFilter{Limit: 7}) {
		out[tx.ID] = append(out[tx.ID], tx, mustGet(t, s, tx.ID))
		recs, err := s.FindOrder(ctx, tx.Company, tx.POS, tx.OrderID)
		if err != nil {
			t.Fatalf("FindOrder: %v", err)
		}
		if tx.BankTransactionID != "" {
			more, err := s.FindBankID(ctx, tx.Company, tx.POS, tx.BankTransactionID)
			if err != nil {
				t.Fatalf("FindBankID: %v", err)
			}
			recs = append(recs, more...)
		}
		for _, r := range recs {
			if r.ID == tx.ID {
				out[tx.ID] = append(out[tx.ID], r)
			}
		}
	}
	return out
}

func testNoCardData(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	// What a careless bank reply or caller carries.
	const pan, cvv = "4355084355084358", "768"
	raw := struct{ message, detail, body, pan string }{
		message: "Kart 4355 0843 5508 4358 ile işlem reddedildi",
		detail:  "card=4355084355084358&exp=0731",
		body:    `{"pan":"4355084355084358","cvv2":"768","expiry":"07/31"}`,
		pan:     "4355-0843-5508-4358",
	}
	// What the Client stores instead: the redactor's output.
	masked := struct{ message, detail, body, pan string }{
		message: redact.String(raw.message),
		detail:  redact.String(raw.detail),
		body:    string(redact.Body("json", []byte(raw.body))),
		pan:     vpos.MaskPAN(raw.pan),
	}
	pans, cvvs := []string{pan}, []string{cvv}
	for _, c := range []struct{ name, raw, masked string }{
		{"message", raw.message, masked.message},
		{"detail", raw.detail, masked.detail},
		{"body", raw.body, masked.body},
		{"pan", raw.pan, masked.pan},
	} {
		if cardData(c.raw, pans, cvvs) == "" {
			t.Fatalf("precondition: the detector finds nothing in the raw %s %q", c.name, c.raw)
		}
		if d := cardData(c.masked, pans, cvvs); d != "" {
			t.Fatalf("precondition: the redactor left %s in the %s: %q", d, c.name, c.masked)
		}
		if !strings.Contains(c.masked, "*") {
			t.Fatalf("precondition: the masked %s %q shows no mask", c.name, c.masked)
		}
	}

	// Written by Create, by Update and by AddEvent.
	decl := &vpos.Transaction{
		Company: "ACME", POS: "main", Bank: "nestpay", Op: vpos.OpSale, OrderID: "SIP-1",
		BankTransactionID: "26074ABCD00001", Amount: 12550, Currency: vpos.TRY, Status: vpos.StatusDeclined,
		Return: returncodes.InvalidCVV, BankCode: "82", BankMessage: masked.message, MaskedPAN: masked.pan, Source: vpos.SourceAPI,
		Events: []vpos.Event{
			{Time: at(0), Kind: vpos.EventAttempt, Status: vpos.StatusUnknown, Detail: masked.detail},
			{Time: at(time.Second), Kind: vpos.EventResult, Status: vpos.StatusDeclined, Return: returncodes.InvalidCVV, BankCode: "82", Detail: masked.body},
		},
	}
	mustCreate(t, s, decl)
	later := sample("ACME", "main", "SIP-2")
	later.MaskedPAN = ""
	mustCreate(t, s, later)
	upd := later.Clone()
	upd.Status, upd.MaskedPAN, upd.BankMessage, upd.BankTransactionID = vpos.StatusDeclined, masked.pan, masked.body, "26074ABCD00002"
	if err := s.Update(ctx, upd, vpos.StatusUnknown, vpos.Event{Kind: vpos.EventResult, Status: vpos.StatusDeclined, Detail: masked.message}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if err := s.AddEvent(ctx, upd.ID, vpos.Event{Kind: vpos.EventNote, Detail: masked.detail}); err != nil {
		t.Fatalf("AddEvent: %v", err)
	}
	wantUpd := upd.Clone()
	wantUpd.Events = append(slices.Clone(later.Events),
		vpos.Event{Kind: vpos.EventResult, Status: vpos.StatusDeclined, Detail: masked.message},
		vpos.Event{Kind: vpos.EventNote, Detail: masked.detail})
	bare := mustCreate(t, s, sample("ACME", "main", "SIP-3"))
	bare.MaskedPAN = ""
	bare.Events = nil
	bareWant := bare.Clone()
	if err := s.Update(ctx, bare, bare.Clone().Status); err != nil {
		t.Fatalf("Update: %v", err)
	}
	bareWant.UpdatedAt = bare.UpdatedAt
	bareWant.Events = sample("", "", "").Events

	want := map[string]*vpos.Transaction{decl.ID: decl, upd.ID: wantUpd, bare.ID: bareWant}
	got := readBack(t, s)
	if len(got) != len(want) {
		t.Fatalf("records read back: got %d, want %d", len(got), len(want))
	}
	for id, copies := range got {
		for _, r := range copies {
			// Kept exactly as given: masked, nothing added, nothing filled in.
			if d := diff(r, want[id]); d != "" {
				t.Errorf("record %s read back:%s", r.OrderID, d)
			}
			if d := recordCardData(r, pans, cvvs); d != "" {
				t.Errorf("%s", d)
			}
		}
	}
}

func testClientNoCardData(t *testing.T, s vpos.Store) {
	ctx := t.Context()
	bank := refpos.NewBank()
	defer bank.Close()
	merchant, password, key := bank.Credentials()
	client, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: merchant, Password: password, StoreKey: key},
		&vpos.Options{Company: "ACME", POS: "main", Store: s, StatusCheckDelay: time.Millisecond})
	if err != nil {
		t.Fatalf("refpos.Open: %v", err)
	}
	cards := bank.Cards()
	var pans, cvvs []string
	masks := map[string]string{} // order id -> masked PAN it must carry
	for i, co := range cards.All() {
		card := co.Card
		pans, cvvs = append(pans, card.Number), append(cvvs, card.CVV)
		order := fmt.Sprintf("E2E-%02d", i)
		masks[order] = card.Masked()
		if card.Number == cards.ThreeD.Number {
			if _, err := client.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: order, Amount: 25000, Currency: vpos.TRY, Card: card,
				OkURL: "https://shop.example/3d", FailURL: "https://shop.example/3d", CustomerIP: "203.0.113.7"}); err != nil {
				t.Fatalf("Begin3D: %v", err)
			}
			continue
		}
		_, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: order, Amount: 25000, Currency: vpos.TRY, Installments: 3,
			Card: card, CustomerIP: "203.0.113.7", CustomerName: card.Holder})
		if co.Outcome.Approved() != (err == nil) {
			t.Fatalf("sale with the %s card: got %v", co.Outcome, err)
		}
		if err != nil {
			continue
		}
		if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: order, Amount: 5000}); err != nil {
			t.Fatalf("refund: %v", err)
		}
		void := order + "-V"
		masks[void] = card.Masked()
		if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: void, Amount: 12345, Currency: vpos.TRY, Card: card, CustomerIP: "203.0.113.7"}); err != nil {
			t.Fatalf("second sale: %v", err)
		}
		if _, err := client.Void(ctx, &vpos.VoidRequest{OrderID: void}); err != nil {
			t.Fatalf("void: %v", err)
		}
	}
	got := readBack(t, s)
	// Not vacuous: every payment was stored, with its masked number.
	carried := map[string]bool{}
	for _, copies := range got {
		for _, r := range copies {
			if r.MaskedPAN != "" && r.MaskedPAN == masks[r.OrderID] {
				carried[r.OrderID] = true
			}
			if d := recordCardData(r, pans, cvvs); d != "" {
				t.Errorf("%s", d)
			}
		}
	}
	for order, mask := range masks {
		if !carried[order] {
			t.Errorf("order %s: no stored record carries the masked card number %s", order, mask)
		}
	}
	if len(got) < len(masks) {
		t.Errorf("records stored: got %d, want at least %d", len(got), len(masks))
	}
}
