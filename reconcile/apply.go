package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// ApplyResult counts what Apply did.
type ApplyResult struct {
	// Entered is the number of records created from missing-locally rows.
	Entered int
	// Updated is the number of sales, pre-auths and captures whose status
	// an entered void or refund changed.
	Updated int
	// Noted is the number of review notes added.
	Noted int
	// Unchanged counts items that an earlier Apply already handled, and
	// items there is nothing to do about (a bank-side duplicate).
	Unchanged int
}

// notePrefix starts every note Apply writes.
const notePrefix = "reconcile "

// Apply acts on rep in store: it enters the missing-locally rows (Source
// vpos.SourceReconcile, CreatedAt the bank's time, an EventNote naming
// operator and reason), applies an entered void or refund to the order's
// sale as the Client would have, and adds a review note to the local record
// of every other discrepancy. It never deletes, and a second Apply of the
// same report changes nothing: an entered row is found again by its bank
// transaction id (or order, operation and amount), a note by its text.
func Apply(ctx context.Context, store vpos.Store, rep *Report, reason, operator string) (*ApplyResult, error) {
	reason, operator = strings.TrimSpace(reason), strings.TrimSpace(operator)
	switch {
	case store == nil:
		return nil, errors.New("reconcile: apply: no store")
	case rep == nil:
		return nil, errors.New("reconcile: apply: no report")
	case reason == "":
		return nil, errors.New("reconcile: apply: a reason is required")
	case operator == "":
		return nil, errors.New("reconcile: apply: an operator is required")
	}
	res := &ApplyResult{}
	tag := notePrefix + periodName(rep)
	var missing []*Item
	for i := range rep.Items {
		it := &rep.Items[i]
		switch {
		case it.Category == Matched:
		case it.Category == MissingLocally:
			missing = append(missing, it)
		case it.Local != nil && it.Local.ID != "":
			detail := fmt.Sprintf("%s: review: %s", tag, labels[it.Category])
			if it.Detail != "" {
				detail += ": " + it.Detail
			}
			done, err := note(ctx, store, it.Local.ID, detail, reason, operator)
			if err != nil {
				return res, err
			}
			if done {
				res.Noted++
			} else {
				res.Unchanged++
			}
		default:
			res.Unchanged++
		}
	}
	// Charges first, so that an entered void or refund finds its sale.
	slices.SortStableFunc(missing, func(a, b *Item) int { return opRank(a.Bank.Op) - opRank(b.Bank.Op) })
	for _, it := range missing {
		if err := enter(ctx, store, rep, it.Bank, tag, reason, operator, res); err != nil {
			return res, err
		}
	}
	return res, nil
}

func opRank(op vpos.Op) int {
	switch op {
	case vpos.OpSale, vpos.OpPreAuth:
		return 0
	case vpos.OpCapture:
		return 1
	case vpos.OpVoid:
		return 2
	}
	return 3
}

// periodName names the report's period for notes: the Istanbul day, or
// the bounds.
func periodName(rep *Report) string {
	if rep.From.IsZero() && rep.To.IsZero() {
		return "(all)"
	}
	f, t := rep.From.In(vpos.Istanbul()), rep.To.In(vpos.Istanbul())
	if s, e := vpos.IstanbulDay(f); s.Equal(f) && e.Equal(t) {
		return f.Format(time.DateOnly)
	}
	return f.Format(time.RFC3339) + "/" + t.Format(time.RFC3339)
}

// note adds an EventNote with detail to record id unless one that starts
// with detail is there already.
func note(ctx context.Context, store vpos.Store, id, detail, reason, operator string) (bool, error) {
	t, err := store.Get(ctx, id)
	if err != nil {
		return false, fmt.Errorf("reconcile: apply: %w", err)
	}
	for _, ev := range t.Events {
		if ev.Kind == vpos.EventNote && strings.HasPrefix(ev.Detail, detail) {
			return false, nil
		}
	}
	ev := vpos.Event{Time: time.Now(), Kind: vpos.EventNote, Status: t.Status,
		Detail: fmt.Sprintf("%s; reason: %s; operator: %s", detail, reason, operator)}
	if err := store.AddEvent(ctx, id, ev); err != nil {
		return false, fmt.Errorf("reconcile: apply: %w", err)
	}
	return true, nil
}

// enter creates the local record of bank row b unless it exists.
func enter(ctx context.Context, store vpos.Store, rep *Report, b *vpos.BankTransaction, tag, reason, operator string, res *ApplyResult) error {
	recs, err := store.FindOrder(ctx, rep.Company, rep.POS, b.OrderID)
	if err != nil {
		return fmt.Errorf("reconcile: apply: %w", err)
	}
	seq := 0
	for _, t := range recs {
		if t.Op != b.Op {
			continue
		}
		if b.TransactionID != "" && t.BankTransactionID == b.TransactionID ||
			b.TransactionID == "" && t.Source == vpos.SourceReconcile && t.Amount == b.Amount {
			res.Unchanged++
			return nil
		}
		if b.Op == vpos.OpRefund && t.Seq >= seq {
			seq = t.Seq + 1
		}
	}
	if b.Op == vpos.OpRefund && seq == 0 {
		seq = 1
	}
	rc := b.Return
	if rc == "" && booked(b.Status) {
		rc = returncodes.Approved
	}
	now := time.Now()
	t := &vpos.Transaction{
		Company: rep.Company, POS: rep.POS, Bank: rep.Bank, Op: b.Op, Seq: seq, OrderID: b.OrderID,
		BankTransactionID: b.TransactionID, AuthCode: b.AuthCode, RRN: b.RRN,
		Amount: b.Amount, Currency: b.Currency, Installments: b.Installments,
		Status: b.Status, Return: rc, BankCode: b.BankCode, MaskedPAN: vpos.MaskPAN(b.MaskedPAN),
		Source: vpos.SourceReconcile, CreatedAt: b.Time,
		Events: []vpos.Event{{Time: now, Kind: vpos.EventNote, Status: b.Status, Return: rc, BankCode: b.BankCode,
			Detail: fmt.Sprintf("%s: entered from the bank's records; reason: %s; operator: %s", tag, reason, operator)}},
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now
	}
	if err := store.Create(ctx, t); err != nil {
		if errors.Is(err, vpos.ErrStoreDuplicate) {
			res.Unchanged++
			return nil
		}
		return fmt.Errorf("reconcile: apply: enter %s %s: %w", b.Op, b.OrderID, err)
	}
	res.Entered++
	if b.Status != vpos.StatusApproved {
		return nil
	}
	switch b.Op {
	case vpos.OpVoid:
		return follow(ctx, store, recs, res, tag+": voided at the bank (entered by reconciliation)", func(c *vpos.Transaction) bool {
			if isCharge(c.Op) && c.Status == vpos.StatusApproved {
				c.Status = vpos.StatusVoided
				return true
			}
			return false
		})
	case vpos.OpRefund:
		return follow(ctx, store, recs, res, tag+": refunded "+b.Amount.Decimal(b.Currency)+" at the bank (entered by reconciliation)", func(c *vpos.Transaction) bool {
			if (c.Op == vpos.OpSale || c.Op == vpos.OpCapture) && (c.Status == vpos.StatusApproved || c.Status == vpos.StatusPartiallyRefunded) {
				c.RefundedAmount += b.Amount
				c.Status = vpos.StatusPartiallyRefunded
				if c.RefundedAmount >= c.Amount {
					c.Status = vpos.StatusRefunded
				}
				return true
			}
			return false
		})
	}
	return nil
}

// follow applies change to the order's records (fresh copies of recs).
func follow(ctx context.Context, store vpos.Store, recs []*vpos.Transaction, res *ApplyResult, detail string, change func(*vpos.Transaction) bool) error {
	for _, r := range recs {
		cur, err := store.Get(ctx, r.ID)
		if err != nil {
			return fmt.Errorf("reconcile: apply: %w", err)
		}
		before := cur.Status
		if !change(cur) {
			continue
		}
		cur.Events = nil
		ev := vpos.Event{Time: time.Now(), Kind: vpos.EventChange, Status: cur.Status, Detail: detail}
		if err := store.Update(ctx, cur, before, ev); err != nil {
			return fmt.Errorf("reconcile: apply: %w", err)
		}
		res.Updated++
	}
	return nil
}
