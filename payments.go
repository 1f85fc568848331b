package vpos

import (
	"context"
	"fmt"

	"github.com/sanalpos/vpos/returncodes"
)

// Sale, PreAuth, Capture, Void and Refund: the money-moving calls.

// Sale charges a card (authorisation and capture at once).
func (c *Client) Sale(ctx context.Context, req *SaleRequest) (*Result, error) {
	return c.charge(ctx, OpSale, req)
}

// PreAuth reserves an amount on a card; Capture takes it later.
func (c *Client) PreAuth(ctx context.Context, req *SaleRequest) (*Result, error) {
	return c.charge(ctx, OpPreAuth, req)
}

func (c *Client) charge(ctx context.Context, op Op, req *SaleRequest) (*Result, error) {
	var pa PreAuthorizer
	if op == OpPreAuth {
		var ok bool
		pa, ok = c.p.(PreAuthorizer)
		if !c.feat.PreAuth || !ok {
			return nil, unsupported(op, "pre-authorisation")
		}
	}
	if req == nil {
		return nil, &Error{Code: InvalidRequest, Op: op, Field: "SaleRequest", Msg: "is nil"}
	}
	if e := c.checkSale(req); e != nil {
		e.Op, e.OrderID = op, req.OrderID
		return nil, e
	}
	r := *req
	r.Card = r.Card.Normalize()
	source := SourceAPI
	if r.MOTO {
		source = SourceMOTO
	}
	rec := &Transaction{
		Op: op, OrderID: r.OrderID, Amount: r.Amount, Currency: r.Currency,
		Installments: r.Installments, MaskedPAN: r.Card.Masked(), Source: source,
	}
	return c.moneyCall(ctx, &moneyCall{
		op: op, rec: rec,
		do: func(ctx context.Context) (*Result, error) {
			if op == OpPreAuth {
				return pa.PreAuth(ctx, &r)
			}
			return c.p.Sale(ctx, &r)
		},
		settle: settleCharge(r.Amount),
	})
}

// Capture captures a pre-authorisation, fully (Amount 0) or partly.
func (c *Client) Capture(ctx context.Context, req *CaptureRequest) (*Result, error) {
	pa, ok := c.p.(PreAuthorizer)
	if !c.feat.PreAuth || !ok {
		return nil, unsupported(OpCapture, "capture")
	}
	if req == nil {
		return nil, invalidField("CaptureRequest", "is nil")
	}
	r := *req
	fail := func(e *Error) (*Result, error) { e.Op, e.OrderID = OpCapture, r.OrderID; return nil, e }
	if e := c.checkOrderID(r.OrderID); e != nil {
		return fail(e)
	}
	auth, err := c.find(ctx, r.OrderID, OpPreAuth)
	if err != nil {
		return nil, err
	}
	if auth != nil {
		if auth.Status != StatusApproved {
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: fmt.Sprintf("the pre-authorisation is %s", auth.Status)})
		}
		if r.Amount > auth.Amount {
			return fail(invalidField("Amount", "exceeds the pre-authorised amount"))
		}
		if r.Amount == 0 {
			r.Amount = auth.Amount
		}
		if r.Amount < auth.Amount && !c.feat.PartialCapture {
			return fail(&Error{Code: Unsupported, Field: "Amount", Msg: "partial capture is not supported by this provider"})
		}
	}
	rec, e := c.followUp(OpCapture, r.OrderID, r.Amount, &r.Currency, &r.BankTransactionID, auth)
	if e != nil {
		return fail(e)
	}
	return c.moneyCall(ctx, &moneyCall{
		op: OpCapture, rec: rec,
		do:     func(ctx context.Context) (*Result, error) { return pa.Capture(ctx, &r) },
		settle: settleCapture,
	})
}

// Void cancels a same-day sale, pre-authorisation or capture.
func (c *Client) Void(ctx context.Context, req *VoidRequest) (*Result, error) {
	if req == nil {
		return nil, invalidField("VoidRequest", "is nil")
	}
	r := *req
	fail := func(e *Error) (*Result, error) { e.Op, e.OrderID = OpVoid, r.OrderID; return nil, e }
	if e := c.checkOrderID(r.OrderID); e != nil {
		return fail(e)
	}
	orig, err := c.find(ctx, r.OrderID, OpSale, OpPreAuth)
	if err != nil {
		return nil, err
	}
	if orig != nil {
		switch orig.Status {
		case StatusApproved:
		case StatusRefunded, StatusPartiallyRefunded:
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: "the sale was refunded; a refunded sale cannot be voided"})
		default:
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: fmt.Sprintf("the %s is %s", orig.Op, orig.Status)})
		}
		if r.Amount == 0 {
			r.Amount = orig.Amount
		}
	}
	rec, e := c.followUp(OpVoid, r.OrderID, r.Amount, &r.Currency, &r.BankTransactionID, orig)
	if e != nil {
		return fail(e)
	}
	return c.moneyCall(ctx, &moneyCall{
		op: OpVoid, rec: rec,
		do:     func(ctx context.Context) (*Result, error) { return c.p.Void(ctx, &r) },
		settle: settleVoid,
		after:  func(ctx context.Context, _ *Result) { c.markVoided(ctx, r.OrderID) },
	})
}

// Refund returns money of a sale, fully (Amount 0: what is left) or partly.
func (c *Client) Refund(ctx context.Context, req *RefundRequest) (*Result, error) {
	if req == nil {
		return nil, invalidField("RefundRequest", "is nil")
	}
	r := *req
	fail := func(e *Error) (*Result, error) { e.Op, e.OrderID = OpRefund, r.OrderID; return nil, e }
	if e := c.checkOrderID(r.OrderID); e != nil {
		return fail(e)
	}
	// The refundable record is the sale, or the capture of a pre-auth.
	orig, err := c.find(ctx, r.OrderID, OpSale, OpCapture)
	if err != nil {
		return nil, err
	}
	var prevRefunded Amount
	if orig != nil {
		switch orig.Status {
		case StatusApproved, StatusPartiallyRefunded:
		case StatusVoided:
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: "the sale was voided; a voided sale cannot be refunded"})
		default:
			return fail(&Error{Code: InvalidRequest, Field: "OrderID", Return: returncodes.InvalidTransactionState,
				Msg: fmt.Sprintf("the %s is %s", orig.Op, orig.Status)})
		}
		prevRefunded = orig.RefundedAmount
		left := orig.Amount - orig.RefundedAmount
		if r.Amount == 0 {
			r.Amount = left
		}
		if r.Amount > left {
			return fail(invalidField("Amount", fmt.Sprintf("exceeds the refundable %s %s", left.Decimal(orig.Currency), orig.Currency)))
		}
		if r.Amount < orig.Amount && !c.feat.PartialRefund {
			return fail(&Error{Code: Unsupported, Field: "Amount", Msg: "partial refund is not supported by this provider"})
		}
		if prevRefunded > 0 && !c.feat.MultipleRefunds {
			return fail(&Error{Code: Unsupported, Field: "Amount", Msg: "a second refund is not supported by this provider"})
		}
	}
	rec, e := c.followUp(OpRefund, r.OrderID, r.Amount, &r.Currency, &r.BankTransactionID, orig)
	if e != nil {
		return fail(e)
	}
	amount := r.Amount
	r.RequestID = ""
	return c.moneyCall(ctx, &moneyCall{
		op: OpRefund, rec: rec,
		do: func(ctx context.Context) (*Result, error) {
			r.RequestID = rec.ID // set by the claim, stored before sending
			return c.p.Refund(ctx, &r)
		},
		settle: c.refundRule(prevRefunded, amount),
		after:  func(ctx context.Context, _ *Result) { c.markRefunded(ctx, r.OrderID, amount, r.Currency) },
	})
}

// markVoided records an approved void on the order's sale, pre-auth and
// capture records.
func (c *Client) markVoided(ctx context.Context, orderID string) {
	c.updateOrder(ctx, orderID, func(t *Transaction) bool {
		if (t.Op == OpSale || t.Op == OpPreAuth || t.Op == OpCapture) && t.Status == StatusApproved {
			t.Status = StatusVoided
			return true
		}
		return false
	}, "voided")
}

// markRefunded records an approved refund of amount on the order's sale or
// capture record.
func (c *Client) markRefunded(ctx context.Context, orderID string, amount Amount, cur Currency) {
	c.updateOrder(ctx, orderID, func(t *Transaction) bool {
		if (t.Op == OpSale || t.Op == OpCapture) && (t.Status == StatusApproved || t.Status == StatusPartiallyRefunded) {
			t.RefundedAmount += amount
			t.Status = StatusPartiallyRefunded
			if t.RefundedAmount >= t.Amount {
				t.Status = StatusRefunded
			}
			return true
		}
		return false
	}, "refunded "+amount.Decimal(cur))
}

// followUp completes a capture, void or refund request from the record of
// the operation it follows (currency, bank transaction id; TRY when nothing
// is known), checks the amount, and builds the new record.
func (c *Client) followUp(op Op, orderID string, amount Amount, cur *Currency, bankID *string, orig *Transaction) (*Transaction, *Error) {
	if orig != nil {
		if *cur == "" {
			*cur = orig.Currency
		}
		if *bankID == "" {
			*bankID = orig.BankTransactionID
		}
	}
	if *cur == "" {
		*cur = TRY
	}
	if e := c.checkMoney(amount, *cur, true); e != nil {
		return nil, e
	}
	rec := &Transaction{Op: op, OrderID: orderID, Amount: amount, Currency: *cur, Source: SourceAPI}
	if orig != nil {
		rec.MaskedPAN, rec.Installments = orig.MaskedPAN, orig.Installments
	}
	return rec, nil
}
