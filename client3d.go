package vpos

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/sanalpos/vpos/internal/redact"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

// Begin3D and Complete3D: 3-D Secure with callback binding and replay.

// Begin3D starts a 3-D Secure payment: it stores a pending transaction and
// returns the form that sends the shopper's browser to the bank.
func (c *Client) Begin3D(ctx context.Context, req *ThreeDRequest) (*threed.Form, error) {
	ts, ok := c.p.(ThreeDSecurer)
	if !ok || len(c.feat.ThreeD) == 0 {
		return nil, unsupported(OpBegin3D, "3-D Secure")
	}
	if req == nil {
		return nil, invalidField("ThreeDRequest", "is nil")
	}
	r := *req
	fail := func(e *Error) (*threed.Form, error) { e.Op, e.OrderID = OpBegin3D, r.OrderID; return nil, e }
	if r.Model == "" {
		r.Model = c.feat.ThreeD[0]
	}
	if !r.Model.Valid() {
		return fail(invalidField("Model", fmt.Sprintf("%q is not a 3-D Secure model", string(r.Model))))
	}
	if !c.feat.Supports3D(r.Model) {
		return fail(&Error{Code: Unsupported, Field: "Model", Msg: fmt.Sprintf("3-D Secure model %s is not supported by this provider", r.Model)})
	}
	if r.PreAuth && !c.feat.PreAuth {
		return fail(&Error{Code: Unsupported, Field: "PreAuth", Msg: "pre-authorisation is not supported by this provider"})
	}
	if e := c.checkOrderID(r.OrderID); e != nil {
		return fail(e)
	}
	if e := c.checkMoney(r.Amount, r.Currency, false); e != nil {
		return fail(e)
	}
	if e := c.checkInstallments(r.Installments); e != nil {
		return fail(e)
	}
	r.Card = r.Card.Normalize()
	if r.Model.CardOnBankPage() {
		if r.Card.Number != "" || r.Card.CVV != "" {
			return fail(invalidField("Card", "must be empty: the shopper types the card on the bank's page in model "+string(r.Model)))
		}
	} else if err := r.Card.Validate(c.o.Clock(), true); err != nil {
		return fail(err.(*Error))
	}
	u, err := url.Parse(r.OkURL)
	if r.OkURL == "" || err != nil || !u.IsAbs() {
		return fail(invalidField("OkURL", "must be an absolute URL"))
	}
	if r.FailURL == "" {
		r.FailURL = r.OkURL
	} else if u, err := url.Parse(r.FailURL); err != nil || !u.IsAbs() {
		return fail(invalidField("FailURL", "must be an absolute URL"))
	}
	if e := checkIP("CustomerIP", r.CustomerIP); e != nil {
		return fail(e)
	}
	op := OpSale
	if r.PreAuth {
		op = OpPreAuth
	}
	rec := &Transaction{
		Op: op, OrderID: r.OrderID, Amount: r.Amount, Currency: r.Currency, Installments: r.Installments,
		MaskedPAN: r.Card.Masked(), Source: Source3D, ThreeDModel: r.Model, Status: StatusPending3D,
	}
	unlock := c.locks.lock(c.orderKey(r.OrderID))
	defer unlock()
	if err := c.claim(ctx, rec); err != nil {
		return nil, err
	}
	rctx, rc := withRecorder(ctx)
	form, err := ts.Begin3D(rctx, &r)
	if err != nil {
		e := c.wrapErr(ctx, OpBegin3D, r.OrderID, err)
		c.flush(ctx, rc, nil, e)
		// Nothing moved: the shopper never reached the bank.
		rec2 := rec.Clone()
		rec2.Status, rec2.Return = StatusError, e.Return
		c.update(ctx, rec2, StatusPending3D, Event{Time: c.o.Clock(), Kind: EventResult, Status: StatusError, Detail: errorText(e)})
		return nil, e
	}
	c.flush(ctx, rc, nil, nil)
	return form, nil
}

// Complete3D handles the bank's 3-D Secure callback (the form posted to
// OkURL/FailURL). It verifies the signature first, binds the callback to the
// pending transaction (order id, amount and currency must match what
// Begin3D stored), applies the mdStatus policy, then provisions (3d model)
// or reads the bank's result (other models), and stores the outcome. A
// callback delivered again returns the stored result marked Replay without
// contacting the bank.
func (c *Client) Complete3D(ctx context.Context, form url.Values) (*Result, error) {
	ts, ok := c.p.(ThreeDSecurer)
	if !ok || len(c.feat.ThreeD) == 0 {
		return nil, unsupported(OpComplete, "3-D Secure")
	}
	cb, err := ts.ParseCallback(ctx, form)
	if err != nil {
		e := c.wrapErr(ctx, OpComplete, "", err)
		if e.Code != Canceled {
			e.Code = InvalidCallback
		}
		c.o.Logger.LogAttrs(ctx, slog.LevelWarn, "vpos: 3-D Secure callback refused", slog.String("reason", errorText(e)))
		return nil, e
	}
	refuse := func(msg string) (*Result, error) {
		c.o.Logger.LogAttrs(ctx, slog.LevelWarn, "vpos: 3-D Secure callback refused",
			slog.String("order_id", cb.OrderID), slog.String("reason", msg))
		return nil, &Error{Code: InvalidCallback, Op: OpComplete, OrderID: cb.OrderID, Msg: msg}
	}
	if cb.OrderID == "" {
		return refuse("the callback names no order")
	}
	unlock := c.locks.lock(c.orderKey(cb.OrderID))
	defer unlock()
	rec, err := c.pending3D(ctx, cb.OrderID)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return refuse("no 3-D Secure payment was started for this order")
	}
	if cb.Amount != 0 && cb.Amount != rec.Amount {
		return refuse("the callback's amount differs from the payment that was started")
	}
	if cb.Currency != "" && cb.Currency != rec.Currency {
		return refuse("the callback's currency differs from the payment that was started")
	}
	if cb.Model != "" && cb.Model != rec.ThreeDModel {
		return refuse("the callback's 3-D Secure model differs from the payment that was started")
	}
	if rec.Status != StatusPending3D {
		return c.replay(ctx, rec)
	}
	pending := &Pending3D{
		OrderID: rec.OrderID, Amount: rec.Amount, Currency: rec.Currency, Installments: rec.Installments,
		Model: rec.ThreeDModel, PreAuth: rec.Op == OpPreAuth, MaskedPAN: rec.MaskedPAN,
	}
	if b, ok := ts.(CallbackBinder); ok {
		rctx, rc := withRecorder(ctx)
		err := b.BindCallback(rctx, cb, pending)
		if err != nil {
			e := c.wrapErr(ctx, OpComplete, cb.OrderID, err)
			c.flush(ctx, rc, nil, e)
			if e.Code == Canceled {
				return nil, e
			}
			return refuse(errorText(err))
		}
		c.flush(ctx, rc, nil, nil)
	}
	three := &ThreeDResult{Model: rec.ThreeDModel, Status: cb.Status, MDStatus: cb.MDStatus, ECI: cb.ECI, Message: cb.Message}
	// Claim the pending record: exactly one delivery goes on to the bank.
	claimed := rec.Clone()
	claimed.Status, claimed.MDStatus = StatusUnknown, cb.MDStatus
	if err := c.o.Store.Update(ctx, claimed, StatusPending3D,
		Event{Time: c.o.Clock(), Kind: EventCallback, Status: StatusUnknown, Detail: "mdStatus " + cb.MDStatus}); err != nil {
		if errors.Is(err, ErrStoreConflict) {
			// Another server took it first: wait for its outcome.
			return c.awaitReplay(ctx, rec.ID)
		}
		return nil, &Error{Code: Unavailable, Op: OpComplete, OrderID: rec.OrderID, Msg: "store", Err: err}
	}
	policy := threed.Policy{AcceptAttempts: c.o.Accept3DAttempts}
	if (!rec.ThreeDModel.BankProvisions() || cb.MerchantProvisions) && !policy.Allows(cb.Status) {
		// 3d model: we decide, and we do not provision.
		res := &Result{
			Op: rec.Op, OrderID: rec.OrderID, Status: StatusDeclined, Amount: rec.Amount, Currency: rec.Currency,
			Installments: rec.Installments, Return: returncodes.ThreeDSFailed, BankCode: "mdStatus:" + cb.MDStatus,
			BankMessage: redact.String(cb.Message), MaskedPAN: rec.MaskedPAN, ThreeD: three, Time: c.o.Clock(),
		}
		done := claimed.Clone()
		applyResult(done, res)
		c.update(ctx, done, StatusUnknown, Event{Time: c.o.Clock(), Kind: EventResult, Status: StatusDeclined,
			Return: res.Return, BankCode: res.BankCode, Detail: "3-D Secure authentication not accepted"})
		return res, c.declineError(rec.Op, res)
	}
	return c.finish(ctx, &moneyCall{
		op: rec.Op, rec: claimed, threeD: three,
		do: func(ctx context.Context) (*Result, error) {
			res, err := ts.Complete3D(ctx, cb, pending)
			if err == nil && res != nil && res.Approved &&
				((res.Amount != 0 && res.Amount != rec.Amount) || (res.Currency != "" && res.Currency != rec.Currency)) {
				// The bank booked something else than what was started (a
				// protocol whose callback carries no amount shows it only
				// here). Money may have moved: leave the record unknown for
				// an operator and refuse the callback.
				return nil, &Error{Code: InvalidCallback, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown,
					Msg: fmt.Sprintf("the bank booked %s %s, the payment started was %s %s",
						res.Amount.Decimal(res.Currency), res.Currency, rec.Amount.Decimal(rec.Currency), rec.Currency)}
			}
			return res, err
		},
		settle: settleCharge(rec.Amount),
	})
}

// pending3D finds the 3-D Secure record of an order.
func (c *Client) pending3D(ctx context.Context, orderID string) (*Transaction, error) {
	recs, err := c.o.Store.FindOrder(ctx, c.o.Company, c.o.POS, orderID)
	if err != nil {
		return nil, &Error{Code: Unavailable, Op: OpComplete, OrderID: orderID, Msg: "store", Err: err}
	}
	var found *Transaction
	for _, t := range recs {
		if t.ThreeDModel != "" && (t.Op == OpSale || t.Op == OpPreAuth) {
			found = t
		}
	}
	return found, nil
}

// replay answers a repeated callback from the store.
func (c *Client) replay(ctx context.Context, rec *Transaction) (*Result, error) {
	if rec.Status == StatusUnknown {
		return c.awaitReplay(ctx, rec.ID)
	}
	res := resultFromRecord(rec)
	res.Replay = true
	c.o.Logger.LogAttrs(ctx, slog.LevelInfo, "vpos: 3-D Secure callback replayed from the store",
		slog.String("order_id", rec.OrderID), slog.String("tx_status", string(rec.Status)))
	if rec.Status == StatusApproved || rec.Status == StatusVoided || rec.Status == StatusRefunded || rec.Status == StatusPartiallyRefunded {
		return res, nil
	}
	if rec.Status == StatusDeclined {
		return res, c.declineError(rec.Op, res)
	}
	return res, &Error{Code: ErrorCodeFor(rec.Return), Op: rec.Op, OrderID: rec.OrderID, Return: rec.Return,
		BankCode: rec.BankCode, BankMessage: rec.BankMessage, Msg: "replayed outcome of an earlier delivery"}
}

// awaitReplay waits for another server's completion of the same callback,
// up to Options.CallbackWait; it returns at once when that completion has
// already ended with an unknown outcome.
func (c *Client) awaitReplay(ctx context.Context, id string) (*Result, error) {
	deadline := time.Now().Add(c.o.CallbackWait)
	for {
		rec, err := c.o.Store.Get(ctx, id)
		if err != nil {
			return nil, &Error{Code: Unavailable, Op: OpComplete, Msg: "store", Err: err}
		}
		if rec.Status != StatusUnknown && rec.Status != StatusPending3D {
			return c.replay(ctx, rec)
		}
		if n := len(rec.Events); rec.Status == StatusUnknown && n > 0 && rec.Events[n-1].Kind == EventResult {
			// The earlier delivery has finished, without an answer: waiting
			// changes nothing until the Resolver settles the payment.
			return nil, &Error{Code: UnknownOutcome, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown,
				Msg: "an earlier delivery of this callback ended with an unknown outcome; the Resolver settles it with a status query"}
		}
		if time.Now().After(deadline) {
			return nil, &Error{Code: UnknownOutcome, Op: rec.Op, OrderID: rec.OrderID, Return: returncodes.TimeoutUnknown,
				Msg: "an earlier delivery of this callback is still being completed"}
		}
		select {
		case <-ctx.Done():
			return nil, &Error{Code: Canceled, Op: rec.Op, OrderID: rec.OrderID, Err: ctx.Err()}
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func resultFromRecord(t *Transaction) *Result {
	res := &Result{
		Op: t.Op, OrderID: t.OrderID, Approved: t.Status == StatusApproved || t.Status == StatusVoided ||
			t.Status == StatusRefunded || t.Status == StatusPartiallyRefunded,
		Status: t.Status, TransactionID: t.BankTransactionID, AuthCode: t.AuthCode, RRN: t.RRN,
		Amount: t.Amount, Currency: t.Currency, Installments: t.Installments, RefundedAmount: t.RefundedAmount,
		Return: t.Return, BankCode: t.BankCode, BankMessage: t.BankMessage, MaskedPAN: t.MaskedPAN, Time: t.UpdatedAt,
	}
	if t.ThreeDModel != "" {
		res.ThreeD = &ThreeDResult{Model: t.ThreeDModel, MDStatus: t.MDStatus, Status: threed.MDStatus(t.MDStatus)}
	}
	return res
}
